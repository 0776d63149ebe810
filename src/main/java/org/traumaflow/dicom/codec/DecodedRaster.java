package org.traumaflow.dicom.codec;

import java.awt.image.Raster;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Moves the samples of a decoded image into the output array, after checking that the image is
 * the one the header declared. Samples are taken as they are (no colour model, no conversion),
 * so 12- and 16-bit values arrive unchanged. ImageIO rasters and OpenJPEG's images go through
 * the same checks, so both JPEG 2000 decoders refuse the same frames with the same words.
 */
public final class DecodedRaster {

  private DecodedRaster() {}

  /**
   * @param codec names the codec in error messages
   * @throws CorruptPixelDataException when size, samples per pixel or sample depth differ from
   *     the declared ones
   */
  public static void copy(String source, String codec, Raster raster, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    check(source, codec, raster.getWidth(), raster.getHeight(), raster.getNumBands(),
        raster.getSampleModel().getSampleSize(0), pixels, out);
    // getPixels interleaves the bands per pixel, which is the layout FrameDecoder promises.
    raster.getPixels(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), out);
    keepBitPatterns(pixels, out);
  }

  /** Refuses an image whose shape or depth is not the declared one, and an output too small for it. */
  public static void check(String source, String codec, int width, int height, int samplesPerPixel, int depth,
      PixelDescription pixels, int[] out) throws CorruptPixelDataException {
    if (width != pixels.columns() || height != pixels.rows()) {
      throw new CorruptPixelDataException(source,
          codec + " image is " + width + " x " + height
              + " (columns x rows), the header declares " + pixels.columns() + " x " + pixels.rows());
    }
    if (samplesPerPixel != pixels.samplesPerPixel()) {
      throw new CorruptPixelDataException(source,
          codec + " image has " + samplesPerPixel + " samples per pixel, the header declares "
              + pixels.samplesPerPixel());
    }
    if (depth > pixels.bitsAllocated()) {
      throw new CorruptPixelDataException(source,
          codec + " image has " + depth + "-bit samples, more than Bits Allocated "
              + pixels.bitsAllocated());
    }
    if (out.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "output holds " + out.length + " values, the frame has " + pixels.samplesPerFrame());
    }
  }

  /** Decoders hand signed samples on sign-extended; keep the raw bit pattern of Bits Allocated. */
  public static void keepBitPatterns(PixelDescription pixels, int[] out) {
    int bits = pixels.bitsAllocated();
    if (bits < 32) {
      int mask = (1 << bits) - 1;
      int n = pixels.samplesPerFrame();
      for (int i = 0; i < n; i++) {
        out[i] &= mask;
      }
    }
  }
}
