package org.traumaflow.dicom.codec.rle;

import org.traumaflow.dicom.data.CorruptPixelDataException;

/**
 * The 64-byte header that opens every RLE frame (PS3.5 G.5): the number of segments and the
 * offset of each of up to 15 segments, as little-endian 32-bit numbers counted from the
 * frame's first byte. Reading it checks everything a decoder later relies on, so the
 * decoding loop can trust the segment bounds.
 */
final class RleSegmentTable {

  static final int HEADER_LENGTH = 64;
  static final int MAX_SEGMENTS = 15;

  /** Segment i occupies bytes [bounds[i], bounds[i + 1]) of the frame. */
  private final int[] bounds;

  private RleSegmentTable(int[] bounds) {
    this.bounds = bounds;
  }

  /**
   * Reads and validates the header of {@code frame}.
   *
   * @param expectedSegments samples per pixel x bytes per sample: one segment per byte plane
   * @param layout how the expected count came about, for the message when it does not match
   */
  static RleSegmentTable read(String source, byte[] frame, int expectedSegments, String layout)
      throws CorruptPixelDataException {
    if (frame.length < HEADER_LENGTH) {
      throw new CorruptPixelDataException(
          source,
          "RLE frame is " + frame.length + " bytes, shorter than the 64-byte RLE header");
    }
    long count = readUint32(frame, 0);
    if (count != expectedSegments) {
      throw new CorruptPixelDataException(
          source,
          "RLE header declares " + count + " segments, expected " + expectedSegments
              + " (" + layout + ")");
    }
    int[] bounds = new int[expectedSegments + 1];
    long previous = -1;
    for (int i = 0; i < expectedSegments; i++) {
      long offset = readUint32(frame, 4 + 4 * i);
      String segment = "RLE segment " + (i + 1) + " of " + expectedSegments;
      // GDCM refuses a first offset other than 64 too: anything else means a header we misread.
      if (i == 0 && offset != HEADER_LENGTH) {
        throw new CorruptPixelDataException(
            source, segment + ": starts at offset " + offset + ", expected 64 (right after the header)");
      }
      if (offset >= frame.length) {
        throw new CorruptPixelDataException(
            source,
            segment + ": starts at offset " + offset + ", past the end of the "
                + frame.length + "-byte frame");
      }
      if (offset <= previous) {
        throw new CorruptPixelDataException(
            source,
            segment + ": starts at offset " + offset + ", not after segment " + i
                + " at offset " + previous);
      }
      bounds[i] = (int) offset;
      previous = offset;
    }
    bounds[expectedSegments] = frame.length;
    return new RleSegmentTable(bounds);
  }

  /**
   * Writes a header for segments starting at {@code offsets[0..count)}; unused entries stay
   * zero, as PS3.5 G.5 asks.
   */
  static void write(byte[] frame, int[] offsets, int count) {
    writeUint32(frame, 0, count);
    for (int i = 0; i < count; i++) {
      writeUint32(frame, 4 + 4 * i, offsets[i]);
    }
  }

  int start(int segment) {
    return bounds[segment];
  }

  /** The next segment's offset, or the frame's length for the last segment. */
  int end(int segment) {
    return bounds[segment + 1];
  }

  private static long readUint32(byte[] b, int at) {
    return (b[at] & 0xFFL)
        | (b[at + 1] & 0xFFL) << 8
        | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }

  private static void writeUint32(byte[] b, int at, int value) {
    b[at] = (byte) value;
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) (value >>> 16);
    b[at + 3] = (byte) (value >>> 24);
  }
}
