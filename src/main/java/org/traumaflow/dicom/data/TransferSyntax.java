package org.traumaflow.dicom.data;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A DICOM transfer syntax: how a dataset's bytes are laid out and how its pixel data is
 * compressed. Unknown UIDs are carried as encapsulated Explicit VR Little Endian (what PS3.5
 * requires of every compressed syntax), so their headers still read; their pixels are refused
 * with {@link UnsupportedTransferSyntaxException}.
 *
 * @param uid the transfer syntax UID
 * @param name a human-readable name for messages
 * @param explicitVr whether each element carries its VR
 * @param bigEndian whether numbers are big endian
 * @param deflated whether the dataset after the file meta group is deflated
 * @param compression how Pixel Data frames are encoded
 */
public record TransferSyntax(
    String uid,
    String name,
    boolean explicitVr,
    boolean bigEndian,
    boolean deflated,
    Compression compression) {

  /** The pixel encodings this project distinguishes. */
  public enum Compression {
    NONE,
    RLE,
    JPEG_BASELINE,
    JPEG_EXTENDED,
    JPEG_LOSSLESS,
    JPEG_2000,
    /** Encapsulated, but no decoder here (JPEG-LS, MPEG, HTJ2K, ...). */
    UNSUPPORTED;

    public boolean encapsulated() {
      return this != NONE;
    }
  }

  public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, Compression.NONE);
  public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, Compression.NONE);
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, Compression.NONE);
  public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
      new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, Compression.NONE);
  public static final TransferSyntax RLE_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, Compression.RLE);
  public static final TransferSyntax JPEG_BASELINE =
      new TransferSyntax("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, Compression.JPEG_BASELINE);
  public static final TransferSyntax JPEG_EXTENDED =
      new TransferSyntax("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, Compression.JPEG_EXTENDED);
  public static final TransferSyntax JPEG_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, Compression.JPEG_LOSSLESS);
  public static final TransferSyntax JPEG_LOSSLESS_SV1 =
      new TransferSyntax("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14, SV1)", true, false, false, Compression.JPEG_LOSSLESS);
  public static final TransferSyntax JPEG_LS_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, false, Compression.UNSUPPORTED);
  public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", true, false, false, Compression.UNSUPPORTED);
  public static final TransferSyntax JPEG_2000_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, Compression.JPEG_2000);
  public static final TransferSyntax JPEG_2000 =
      new TransferSyntax("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, Compression.JPEG_2000);

  private static final Map<String, TransferSyntax> KNOWN =
      List.of(
              IMPLICIT_VR_LITTLE_ENDIAN,
              EXPLICIT_VR_LITTLE_ENDIAN,
              DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
              EXPLICIT_VR_BIG_ENDIAN,
              RLE_LOSSLESS,
              JPEG_BASELINE,
              JPEG_EXTENDED,
              JPEG_LOSSLESS,
              JPEG_LOSSLESS_SV1,
              JPEG_LS_LOSSLESS,
              JPEG_LS_NEAR_LOSSLESS,
              JPEG_2000_LOSSLESS,
              JPEG_2000)
          .stream()
          .collect(Collectors.toUnmodifiableMap(TransferSyntax::uid, Function.identity()));

  /** The syntax for a UID; an unknown UID is taken as an unsupported encapsulated syntax. */
  public static TransferSyntax forUid(String uid) {
    TransferSyntax known = KNOWN.get(uid);
    if (known != null) {
      return known;
    }
    return new TransferSyntax(uid, "unknown transfer syntax", true, false, false, Compression.UNSUPPORTED);
  }
}
