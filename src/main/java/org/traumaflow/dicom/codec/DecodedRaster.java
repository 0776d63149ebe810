package org.traumaflow.dicom.codec;

import java.awt.image.Raster;
import org.traumaflow.dicom.CorruptPixelDataException;
import org.traumaflow.dicom.PixelDescription;

/**
 * Moves the samples of a raster that an ImageIO reader decoded into the output array, after
 * checking that the image is the one the header declared. Samples are taken from the raster
 * as they are (no colour model, no conversion), so 12- and 16-bit values arrive unchanged.
 */
final class DecodedRaster {

  private DecodedRaster() {}

  /**
   * @param codec names the codec in error messages
   * @throws CorruptPixelDataException when size, samples per pixel or sample depth differ from
   *     the declared ones
   */
  static void copy(String source, String codec, Raster raster, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    if (raster.getWidth() != pixels.columns() || raster.getHeight() != pixels.rows()) {
      throw new CorruptPixelDataException(source,
          codec + " image is " + raster.getWidth() + " x " + raster.getHeight()
              + " (columns x rows), the header declares " + pixels.columns() + " x " + pixels.rows());
    }
    if (raster.getNumBands() != pixels.samplesPerPixel()) {
      throw new CorruptPixelDataException(source,
          codec + " image has " + raster.getNumBands() + " samples per pixel, the header declares "
              + pixels.samplesPerPixel());
    }
    int depth = raster.getSampleModel().getSampleSize(0);
    if (depth > pixels.bitsAllocated()) {
      throw new CorruptPixelDataException(source,
          codec + " image has " + depth + "-bit samples, more than Bits Allocated "
              + pixels.bitsAllocated());
    }
    if (out.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "output holds " + out.length + " values, the frame has " + pixels.samplesPerFrame());
    }
    // getPixels interleaves the bands per pixel, which is the layout FrameDecoder promises.
    raster.getPixels(raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), out);
    // Signed rasters (DataBufferShort) come back sign-extended; keep the raw bit pattern.
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
