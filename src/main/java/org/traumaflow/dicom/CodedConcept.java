package org.traumaflow.dicom;

import java.util.List;

/**
 * A coded concept (PS3.3 Code Sequence macro): a value in a coding scheme, with its meaning.
 * Concepts of this project's own are in the scheme {@link #LOCAL_SCHEME}.
 */
public record CodedConcept(String value, String scheme, String meaning) {
  /** The coding scheme designator of TraumaFlow's local codes (a private "99" scheme, PS3.16 8.2). */
  public static final String LOCAL_SCHEME = "99TRAUMAFLOW";

  public CodedConcept {
    if (value.isEmpty() || value.length() > 16 || meaning.isEmpty() || meaning.length() > 64) {
      throw new IllegalArgumentException("code value (1-16 characters) or meaning (1-64) out of range: " + value + " " + meaning);
    }
  }

  /** A code of TraumaFlow's own scheme. */
  public static CodedConcept local(String value, String meaning) {
    return new CodedConcept(value, LOCAL_SCHEME, meaning);
  }

  static CodedConcept dcm(String value, String meaning) {
    return new CodedConcept(value, "DCM", meaning);
  }

  /** This concept as the one item of a code sequence. */
  List<DatasetEncoder> item() {
    return List.of(new DatasetEncoder()
        .text(Tag.CODE_VALUE, VR.SH, value)
        .text(Tag.CODING_SCHEME_DESIGNATOR, VR.SH, scheme)
        .text(Tag.CODE_MEANING, VR.LO, meaning));
  }
}
