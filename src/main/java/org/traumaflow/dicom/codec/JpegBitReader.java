package org.traumaflow.dicom.codec;

import org.traumaflow.dicom.CorruptPixelDataException;

/**
 * Reads the bits of a JPEG entropy-coded segment (ITU T.81 F.2.2.5): most significant bit
 * first, a 0xFF data byte arrives stuffed as FF 00, and any other marker ends the segment.
 * Reading past the segment's end is an error rather than a stream of made-up zero bits, so a
 * truncated frame is reported instead of decoded into garbage.
 */
final class JpegBitReader {

  private final String source;
  private final byte[] data;
  private int pos;
  private int current;
  private int bitsLeft;

  JpegBitReader(String source, byte[] data, int start) {
    this.source = source;
    this.data = data;
    this.pos = start;
  }

  int bit() throws CorruptPixelDataException {
    if (bitsLeft == 0) {
      nextByte();
    }
    bitsLeft--;
    return (current >>> bitsLeft) & 1;
  }

  /** The next {@code count} bits as an unsigned number (T.81 F.2.2.4 RECEIVE). */
  int bits(int count) throws CorruptPixelDataException {
    int value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 1) | bit();
    }
    return value;
  }

  /** A coefficient difference of magnitude category {@code size} (RECEIVE then EXTEND). */
  int signedValue(int size) throws CorruptPixelDataException {
    if (size == 0) {
      return 0;
    }
    int value = bits(size);
    return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
  }

  /** Drops the bits left in the current byte and steps over the expected RSTn marker. */
  void restart(int number) throws CorruptPixelDataException {
    bitsLeft = 0;
    int expected = 0xD0 + (number & 7);
    if (pos + 1 >= data.length || (data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) != expected) {
      throw new CorruptPixelDataException(source,
          String.format("JPEG restart marker FF%02X expected at offset %d", expected, pos));
    }
    pos += 2;
  }

  /** Where the next unread byte is; after a complete scan, the marker that follows it. */
  int position() {
    return pos;
  }

  private void nextByte() throws CorruptPixelDataException {
    if (pos >= data.length) {
      throw new CorruptPixelDataException(source, "JPEG entropy-coded data is cut off at offset " + pos);
    }
    int b = data[pos] & 0xFF;
    if (b == 0xFF) {
      int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
      if (next != 0) {
        throw new CorruptPixelDataException(source,
            String.format("JPEG entropy-coded data ends at marker FF%02X (offset %d) before the scan is complete",
                Math.max(next, 0), pos));
      }
      pos += 2;
    } else {
      pos++;
    }
    current = b;
    bitsLeft = 8;
  }
}
