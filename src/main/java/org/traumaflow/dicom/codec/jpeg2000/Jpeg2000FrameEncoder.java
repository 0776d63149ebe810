package org.traumaflow.dicom.codec.jpeg2000;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.FrameEncoder;
import org.traumaflow.dicom.codec.ImageIoPlugins;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Encodes grayscale 8- or 16-bit frames as lossless JPEG 2000 (1.2.840.10008.1.2.4.90) with
 * the JAI ImageIO J2K writer: reversible 5/3 wavelet, a bare codestream (DICOM does not carry
 * the JP2 file wrapper). Signed images (Pixel Representation 1) are written as a signed
 * codestream so that other decoders (GDCM/OpenJPEG, Pillow) return the same values. Every
 * result is decoded again and compared, because JAI is not lossless on some nearly flat
 * frames (see {@link #verifyLossless}). A fresh writer serves each call and is disposed; note
 * that JAI spools each codestream through a temporary file in java.io.tmpdir.
 */
public final class Jpeg2000FrameEncoder implements FrameEncoder {

  private static final int DEFAULT_DECOMPOSITION_LEVELS = 5;
  private static final FrameDecoder SELF_CHECK = new Jpeg2000FrameDecoder();

  private static final ImageWriterSpi JAI_J2K =
      ImageIoPlugins.provider(J2KImageWriterSpi.class, ImageWriterSpi.class, J2KImageWriterSpi::new);

  @Override
  public byte[] encode(int[] samples, PixelDescription pixels) {
    if (pixels.samplesPerPixel() != 1) {
      throw new IllegalArgumentException(
          "JPEG 2000 encoding is for grayscale frames, not " + pixels.samplesPerPixel() + " samples per pixel");
    }
    if (samples.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "got " + samples.length + " samples, the frame has " + pixels.samplesPerFrame());
    }
    Raster raster = raster(samples, pixels);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter writer = newWriter();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), losslessCodestream(writer, pixels));
    } catch (IOException e) {
      throw new UncheckedIOException("JAI could not encode a JPEG 2000 frame", e);
    } finally {
      writer.dispose();
    }
    byte[] encoded = padToEvenLength(bytes);
    verifyLossless(encoded, samples, pixels);
    return encoded;
  }

  /**
   * JAI's encoder (JJ2000) is not always lossless: on nearly flat code-blocks whose values are
   * large and negative after the DC level shift (a constant unsigned 1001 becomes -31767) it
   * drops the lowest bit-planes, whatever the options (measured: 1001 comes back as 1024).
   * Noisy images such as CT are unaffected, but a codestream filed under a lossless syntax
   * must be exact, so every one is decoded again and compared before it leaves.
   *
   * @throws IllegalStateException when the codestream does not give back the samples
   */
  private static void verifyLossless(byte[] encoded, int[] samples, PixelDescription pixels) {
    int[] decoded = new int[pixels.samplesPerFrame()];
    try {
      SELF_CHECK.decode("JPEG 2000 encoder self-check", encoded, pixels, decoded);
    } catch (CorruptPixelDataException e) {
      throw new IllegalStateException("JAI wrote a JPEG 2000 codestream it cannot read back", e);
    }
    int mask = (1 << pixels.bitsAllocated()) - 1;
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] != (samples[i] & mask)) {
        throw new IllegalStateException(
            "JAI's JPEG 2000 encoder lost precision on this frame (sample " + i + ": "
                + (samples[i] & mask) + " came back as " + decoded[i]
                + "); it drops low bit-planes of nearly flat images, so the frame cannot be"
                + " stored as JPEG 2000 Lossless: use RLE Lossless");
      }
    }
  }

  private static J2KImageWriteParam losslessCodestream(ImageWriter writer, PixelDescription pixels) {
    J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
    param.setLossless(true);
    param.setFilter(J2KImageWriteParam.FILTER_53);
    param.setWriteCodeStreamOnly(true);
    param.setNumDecompositionLevels(decompositionLevels(pixels));
    return param;
  }

  /**
   * JAI's default of 5 wavelet levels is more than a tiny image has: on a 5 x 7 frame it
   * silently loses the lossless property. Each level halves the smaller side, so stop before
   * that side drops below one sample.
   */
  private static int decompositionLevels(PixelDescription pixels) {
    int smallerSide = Math.min(pixels.rows(), pixels.columns());
    int levels = 31 - Integer.numberOfLeadingZeros(smallerSide); // floor(log2)
    return Math.min(DEFAULT_DECOMPOSITION_LEVELS, levels);
  }

  /** The samples' low bits in a raster whose data type tells JAI the codestream's signedness. */
  private static Raster raster(int[] samples, PixelDescription pixels) {
    int width = pixels.columns();
    int height = pixels.rows();
    int n = width * height;
    DataBuffer buffer;
    if (pixels.bitsAllocated() == 8) {
      if (pixels.signed()) {
        throw new IllegalArgumentException("signed 8-bit JPEG 2000 encoding is not supported");
      }
      byte[] data = new byte[n];
      for (int i = 0; i < n; i++) {
        data[i] = (byte) samples[i];
      }
      buffer = new DataBufferByte(data, n);
    } else if (pixels.bitsAllocated() == 16) {
      short[] data = new short[n];
      for (int i = 0; i < n; i++) {
        data[i] = (short) samples[i];
      }
      buffer = pixels.signed() ? new DataBufferShort(data, n) : new DataBufferUShort(data, n);
    } else {
      throw new IllegalArgumentException(
          "JPEG 2000 encoding needs Bits Allocated 8 or 16, not " + pixels.bitsAllocated());
    }
    SampleModel model =
        new PixelInterleavedSampleModel(buffer.getDataType(), width, height, 1, width, new int[] {0});
    return Raster.createRaster(model, buffer, null);
  }

  private static byte[] padToEvenLength(ByteArrayOutputStream bytes) {
    if (bytes.size() % 2 == 1) {
      bytes.write(0);
    }
    return bytes.toByteArray();
  }

  private static ImageWriter newWriter() {
    try {
      return JAI_J2K.createWriterInstance();
    } catch (IOException e) {
      throw new IllegalStateException("JAI JPEG 2000 writer cannot be created", e);
    }
  }
}
