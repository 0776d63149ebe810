package org.traumaflow.dicom.codec.jpeg2000;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.Raster;
import javax.imageio.spi.ImageReaderSpi;
import org.traumaflow.dicom.codec.DecodedRaster;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.ImageIoPlugins;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes JPEG 2000 frames (1.2.840.10008.1.2.4.90 lossless and .91 lossy) with the JAI
 * ImageIO J2K reader. DICOM carries a raw codestream (starting FF 4F), not a JP2 file.
 *
 * <p>A signed codestream (SIZ Ssiz sign bit) arrives from JAI sign-extended; it is handed on
 * as its two's complement bit pattern masked to Bits Allocated, like every other codec, and
 * the caller sign-extends from Bits Stored. Colour codestreams come back with JAI's inverse
 * component transform (RCT/ICT) applied, i.e. RGB, as GDCM and Pillow give them to pydicom.
 *
 * <p>JAI reports broken codestreams with all kinds of runtime exceptions; every one becomes a
 * {@link CorruptPixelDataException}; codestreams whose marker structure is broken are refused
 * before JAI sees them, since JAI can loop forever on some. Known case: JAI cannot read a codestream that contains
 * an embedded sequence delimiter (FE FF DD E0) and rejects it. A fresh reader serves each call
 * (readers are not thread-safe) and is always disposed: JAI's {@code reset()} throws.
 */
public final class Jpeg2000FrameDecoder implements FrameDecoder {

  private static final ImageReaderSpi JAI_J2K =
      ImageIoPlugins.provider(J2KImageReaderSpi.class, ImageReaderSpi.class, J2KImageReaderSpi::new);

  @Override
  public void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    Jpeg2000Codestream.check(source, encoded);
    Raster raster = ImageIoPlugins.readRaster(JAI_J2K, source, "JPEG 2000", encoded);
    DecodedRaster.copy(source, "JPEG 2000", raster, pixels, out);
  }
}
