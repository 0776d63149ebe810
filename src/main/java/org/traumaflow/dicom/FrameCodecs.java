package org.traumaflow.dicom;

import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.FrameEncoder;
import org.traumaflow.dicom.codec.jpeg.JpegFrameDecoder;
import org.traumaflow.dicom.codec.jpeg2000.Jpeg2000FrameDecoder;
import org.traumaflow.dicom.codec.jpeg2000.Jpeg2000FrameEncoder;
import org.traumaflow.dicom.codec.jpeg2000.OpenJpegFrameDecoder;
import org.traumaflow.dicom.codec.rle.RleFrameDecoder;
import org.traumaflow.dicom.codec.rle.RleFrameEncoder;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.dicom.data.UnsupportedTransferSyntaxException;

/**
 * The one place that says which codec reads and writes the frames of a transfer syntax.
 * Codecs are stateless, so one instance of each is shared by every caller and thread.
 */
public final class FrameCodecs {

  private static final FrameDecoder RLE_DECODER = new RleFrameDecoder();
  private static final FrameDecoder JPEG_DECODER = new JpegFrameDecoder();
  private static final Jpeg2000Choice JPEG_2000 = Jpeg2000Choice.onThisMachine();
  private static final FrameEncoder RLE_ENCODER = new RleFrameEncoder();
  private static final FrameEncoder JPEG_2000_LOSSLESS_ENCODER = new Jpeg2000FrameEncoder();

  private FrameCodecs() {}

  /**
   * @param source names the file, for the exception
   * @throws UnsupportedTransferSyntaxException for native syntaxes (their frames need no codec)
   *     and for encapsulated syntaxes without a decoder here (JPEG-LS, MPEG, HTJ2K, unknown)
   */
  public static FrameDecoder decoderFor(String source, TransferSyntax syntax)
      throws UnsupportedTransferSyntaxException {
    return switch (syntax.compression()) {
      case RLE -> RLE_DECODER;
      case JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS -> JPEG_DECODER;
      case JPEG_2000 -> JPEG_2000.decoder();
      case NONE, UNSUPPORTED -> throw unsupported(source, syntax);
    };
  }

  /** Which JPEG 2000 decoder this JVM uses, and why, for {@code traumaflow doctor}. */
  public static String jpeg2000Decoder() {
    return JPEG_2000.description();
  }

  /**
   * Encoders exist for the two lossless syntaxes this project writes: RLE Lossless and JPEG
   * 2000 Lossless (grayscale).
   *
   * @throws UnsupportedTransferSyntaxException for every other syntax
   */
  public static FrameEncoder encoderFor(String source, TransferSyntax syntax)
      throws UnsupportedTransferSyntaxException {
    if (syntax.compression() == TransferSyntax.Compression.RLE) {
      return RLE_ENCODER;
    }
    if (syntax.equals(TransferSyntax.JPEG_2000_LOSSLESS)) {
      return JPEG_2000_LOSSLESS_ENCODER;
    }
    throw unsupported(source, syntax);
  }

  /** OpenJPEG when its library loads, else JAI's pure-Java decoder, which gives the same samples. */
  private record Jpeg2000Choice(FrameDecoder decoder, String description) {
    static Jpeg2000Choice onThisMachine() {
      try {
        OpenJpegFrameDecoder openJpeg = OpenJpegFrameDecoder.load();
        return new Jpeg2000Choice(openJpeg, "OpenJPEG " + openJpeg.version() + " (native)");
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        return new Jpeg2000Choice(new Jpeg2000FrameDecoder(),
            "JAI ImageIO (pure Java, about 2x slower; install libopenjp2-7 for OpenJPEG): " + e.getMessage());
      }
    }
  }

  private static UnsupportedTransferSyntaxException unsupported(String source, TransferSyntax syntax) {
    return new UnsupportedTransferSyntaxException(source, syntax.uid(), syntax.name());
  }
}
