package org.traumaflow.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.traumaflow.dicom.data.TransferSyntax;

/** The transfer syntaxes synthetic slices can be written in, by their command-line names. */
public enum SliceSyntax {
  /** RLE Lossless, the syntax of the released competition data. */
  RLE(TransferSyntax.RLE_LOSSLESS),
  /** Explicit VR Little Endian, uncompressed. */
  EXPLICIT(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
  /** JPEG 2000 lossless, as some hospital exports use. */
  J2K(TransferSyntax.JPEG_2000_LOSSLESS);

  private final TransferSyntax transferSyntax;

  SliceSyntax(TransferSyntax transferSyntax) {
    this.transferSyntax = transferSyntax;
  }

  public TransferSyntax transferSyntax() {
    return transferSyntax;
  }

  /** The command-line name: rle, explicit or j2k. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The syntax for a command-line name, case-insensitive. */
  public static SliceSyntax fromFlag(String flag) {
    for (SliceSyntax s : values()) {
      if (s.flag().equalsIgnoreCase(flag.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown transfer syntax '" + flag + "'; use one of "
            + Arrays.stream(values()).map(SliceSyntax::flag).collect(Collectors.joining(", ")));
  }
}
