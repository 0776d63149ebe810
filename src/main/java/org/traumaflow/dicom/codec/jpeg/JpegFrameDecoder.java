package org.traumaflow.dicom.codec.jpeg;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.awt.image.Raster;
import javax.imageio.spi.ImageReaderSpi;
import org.traumaflow.dicom.codec.DecodedRaster;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.ImageIoPlugins;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes JPEG frames: baseline 8-bit (1.2.840.10008.1.2.4.50), extended 8/12-bit (.51) and
 * lossless process 14 / SV1 (.57/.70) at 2..16 bits. Which decoder reads a frame depends on
 * its frame header (SOFn), not on the transfer syntax: lossless frames (SOF3, and the
 * hierarchical or arithmetic-coded kinds, which it refuses) go to {@link LosslessJpegDecoder},
 * 12-bit DCT frames, which the JDK decoder cannot read, to {@link ExtendedJpegDecoder}, and
 * 8-bit DCT frames to the TwelveMonkeys ImageIO reader (the JDK decoder underneath).
 * TwelveMonkeys' own lossless decoder is not used: version 3.14.0 loses the last sample of a
 * scan that ends in a fill byte before EOI (FF FF D9), as dcmtk writes some.
 *
 * <p>Samples are read as a raster, without any colour conversion: colour frames come back
 * with the components the JPEG stores (YCbCr for YBR_FULL / YBR_FULL_422, chroma upsampled),
 * which is what pydicom 2.3 returns with GDCM or Pillow (measured on its SC_rgb_* test files;
 * it leaves the Photometric Interpretation as declared). Turning YBR into RGB is the job of
 * whoever reads the Photometric Interpretation, not of the codec.
 */
public final class JpegFrameDecoder implements FrameDecoder {

  private static final ImageReaderSpi TWELVEMONKEYS_JPEG =
      ImageIoPlugins.provider(JPEGImageReaderSpi.class, ImageReaderSpi.class, JPEGImageReaderSpi::new);

  @Override
  public void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    int sof = JpegSegments.startOfFrame(encoded);
    int marker = sof < 0 ? -1 : encoded[sof + 1] & 0xFF;
    if (LosslessJpegDecoder.handles(marker)) {
      LosslessJpegDecoder.decode(source, encoded, pixels, out);
      return;
    }
    if ((marker == JpegSegments.SOF0 || marker == JpegSegments.SOF1) && (encoded[sof + 4] & 0xFF) > 8) {
      ExtendedJpegDecoder.decode(source, encoded, pixels, out);
      return;
    }
    Raster raster = ImageIoPlugins.readRaster(TWELVEMONKEYS_JPEG, source, "JPEG", encoded);
    DecodedRaster.copy(source, "JPEG", raster, pixels, out);
  }
}
