package org.traumaflow.dicom;

/** DICOM value representations (PS3.5 6.2), with what the parser needs to know of each. */
public enum VR {
  AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST,
  SV, TM, UC, UI, UL, UN, UR, US, UT, UV;

  /**
   * Whether explicit VR encoding gives this VR a 2-byte reserved field and a 4-byte length
   * (PS3.5 Table 7.1-1) rather than a 2-byte length.
   */
  public boolean longLength() {
    return switch (this) {
      case OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV -> true;
      default -> false;
    };
  }

  /** Whether the value is text (padded with spaces, or NUL for UI). */
  public boolean text() {
    return switch (this) {
      case AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT -> true;
      default -> false;
    };
  }

  /** The VR named by two ASCII bytes, or null when they name none. */
  public static VR of(int first, int second) {
    if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
      return null;
    }
    try {
      return valueOf(new String(new char[] {(char) first, (char) second}));
    } catch (IllegalArgumentException notAVr) {
      return null;
    }
  }
}
