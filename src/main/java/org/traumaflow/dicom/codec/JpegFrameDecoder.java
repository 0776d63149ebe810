package org.traumaflow.dicom.codec;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.traumaflow.dicom.CorruptPixelDataException;
import org.traumaflow.dicom.PixelDescription;

/**
 * Decodes JPEG frames: baseline 8-bit (1.2.840.10008.1.2.4.50), extended 8/12-bit (.51) and
 * lossless process 14 / SV1 (.57/.70) at 2..16 bits, through the TwelveMonkeys ImageIO reader
 * (its own lossless decoder; the JDK decoder underneath for 8-bit DCT). The JDK decoder cannot
 * read 12-bit DCT, so those frames go to {@link ExtendedJpegDecoder}.
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
    if (ExtendedJpegDecoder.handles(encoded)) {
      ExtendedJpegDecoder.decode(source, encoded, pixels, out);
      return;
    }
    Raster raster;
    ImageReader reader = newReader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      reader.setInput(in, true, true);
      raster = reader.readRaster(0, null);
    } catch (IOException | RuntimeException e) {
      throw new CorruptPixelDataException(
          source, "JPEG frame does not decode: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
    DecodedRaster.copy(source, "JPEG", raster, pixels, out);
  }

  private static ImageReader newReader() {
    try {
      return TWELVEMONKEYS_JPEG.createReaderInstance();
    } catch (IOException e) {
      throw new IllegalStateException("TwelveMonkeys JPEG reader cannot be created", e);
    }
  }
}
