package org.traumaflow.dicom.codec.jpeg2000;

import org.traumaflow.dicom.data.CorruptPixelDataException;

/**
 * Checks the marker structure of a JPEG 2000 codestream (ISO 15444-1 Annex A) before JAI sees
 * it. JAI's packet-header reader loops forever on some corrupt tile data (seen on a run of FF
 * bytes inside a tile), so a codestream must prove its structure first: main-header segments
 * that fit, tile-parts whose lengths fit, and entropy-coded data in which FF is only ever
 * followed by a byte below 90 (the standard's bit stuffing), apart from SOP/EPH markers.
 */
final class Jpeg2000Codestream {
  private static final int SOC = 0xFF4F;
  private static final int SIZ = 0xFF51;
  private static final int SOT = 0xFF90;
  private static final int SOP = 0xFF91;
  private static final int EPH = 0xFF92;
  private static final int SOD = 0xFF93;
  private static final int EOC = 0xFFD9;

  private Jpeg2000Codestream() {}

  static void check(String source, byte[] data) throws CorruptPixelDataException {
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--; // DICOM pads fragments to even length
    }
    if (end < 4 || marker(data, 0) != SOC || marker(data, 2) != SIZ) {
      throw corrupt(source, "does not start with SOC and SIZ markers");
    }
    int at = 2;
    while (at + 4 <= end && marker(data, at) != SOT) {
      at = skipSegment(source, data, at, end, "main header");
    }
    boolean sawTile = false;
    while (at + 2 <= end) {
      int marker = marker(data, at);
      if (marker == EOC) {
        return;
      }
      if (marker != SOT) {
        throw corrupt(source, String.format("expected a tile-part (SOT) at offset %d, found %04X", at, marker));
      }
      if (at + 12 > end) {
        throw corrupt(source, "tile-part header at offset " + at + " is cut off");
      }
      long psot = (data[at + 6] & 0xFFL) << 24 | (data[at + 7] & 0xFFL) << 16 | (data[at + 8] & 0xFFL) << 8 | (data[at + 9] & 0xFFL);
      long tileEnd = psot == 0 ? end : at + psot;
      if (psot != 0 && (psot < 14 || tileEnd > end)) {
        throw corrupt(source, "tile-part at offset " + at + " declares " + psot + " bytes; " + (end - at) + " remain");
      }
      int body = at;
      while (true) {
        body = skipSegment(source, data, body, (int) tileEnd, "tile-part header");
        if (body + 2 > tileEnd) {
          throw corrupt(source, "tile-part at offset " + at + " has no SOD marker");
        }
        if (marker(data, body) == SOD) {
          body += 2;
          break;
        }
      }
      checkEntropyCodedData(source, data, body, (int) tileEnd, psot == 0);
      at = psot == 0 ? end : (int) tileEnd;
      sawTile = true;
    }
    if (!sawTile) {
      throw corrupt(source, "has no tile data");
    }
  }

  /** Skips the marker segment at {@code at} (marker, 2-byte length, payload); returns the next offset. */
  private static int skipSegment(String source, byte[] data, int at, int end, String where)
      throws CorruptPixelDataException {
    int marker = marker(data, at);
    if ((marker & 0xFF00) != 0xFF00) {
      throw corrupt(source, String.format("%s: expected a marker at offset %d, found %04X", where, at, marker));
    }
    if (marker == SOC || marker == SOD) {
      return marker == SOC ? at + 2 : at;
    }
    if (at + 4 > end) {
      throw corrupt(source, where + ": marker segment at offset " + at + " is cut off");
    }
    int length = (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
    if (length < 2 || at + 2 + length > end) {
      throw corrupt(source, String.format("%s: marker %04X at offset %d declares %d bytes past the end", where, marker, at, length));
    }
    return at + 2 + length;
  }

  private static void checkEntropyCodedData(String source, byte[] data, int from, int to, boolean untilEoc)
      throws CorruptPixelDataException {
    int limit = untilEoc ? to - 2 : to;
    for (int i = from; i + 1 < limit; i++) {
      if (data[i] == (byte) 0xFF) {
        int next = data[i + 1] & 0xFF;
        int code = 0xFF00 | next;
        if (next > 0x8F && code != SOP && code != EPH) {
          throw corrupt(source, String.format("tile data holds marker %04X at offset %d (bit stuffing violated)", code, i));
        }
      }
    }
  }

  private static int marker(byte[] data, int at) {
    return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  private static CorruptPixelDataException corrupt(String source, String reason) {
    return new CorruptPixelDataException(source, "JPEG 2000 codestream " + reason);
  }
}
