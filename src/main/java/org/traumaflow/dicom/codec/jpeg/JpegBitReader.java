package org.traumaflow.dicom.codec.jpeg;

import org.traumaflow.dicom.data.CorruptPixelDataException;

/**
 * Reads the bits of a JPEG entropy-coded segment (ITU T.81 F.2.2.5): most significant bit
 * first, a 0xFF data byte arrives stuffed as FF 00, and any other marker ends the segment.
 *
 * <p>Bits are loaded into a 64-bit buffer several bytes ahead of use, so that a Huffman code
 * can be looked up from a 16-bit peek. Past the segment's end the buffer is filled with zeros
 * that are counted; consuming any of them is an error ({@link #fill} and {@link #finish}
 * report it), so a truncated frame is reported instead of decoded into garbage, and a decoder
 * that keeps reading stops at the next refill rather than looping on made-up bits.
 */
final class JpegBitReader {

  private final String source;
  private final byte[] data;
  /** The next byte to load; once {@link #ended}, the first FF of the marker that ended the segment. */
  private int pos;
  /** The low {@link #count} bits are unread, the most significant of them first. */
  private long buffer;
  private int count;
  /** How many of the low bits of the buffer are zeros made up after the segment's end. */
  private int madeUp;
  private boolean ended;

  JpegBitReader(String source, byte[] data, int start) {
    this.source = source;
    this.data = data;
    this.pos = start;
  }

  /** The next 16 bits without consuming them; at least 32 bits are buffered afterwards. */
  int peek16() throws CorruptPixelDataException {
    if (count < 32) {
      fill();
    }
    return (int) (buffer >>> (count - 16)) & 0xFFFF;
  }

  /** Consumes {@code n} (at most 32) bits that {@link #peek16} made available. */
  void skip(int n) {
    count -= n;
  }

  /** The next {@code n} (0..16) bits as an unsigned number (T.81 F.2.2.4 RECEIVE). */
  int bits(int n) throws CorruptPixelDataException {
    if (count < n) {
      fill();
    }
    count -= n;
    return (int) (buffer >>> count) & ((1 << n) - 1);
  }

  /** A difference of magnitude category {@code size}, 0..15 (RECEIVE then EXTEND, F.2.2.1). */
  int signedValue(int size) throws CorruptPixelDataException {
    if (size == 0) {
      return 0;
    }
    return JpegHuffmanTable.extend(bits(size), size);
  }

  /**
   * Ends a restart interval: checks that its bits were all there, drops the padding bits of its
   * last byte and steps over the RSTn marker that must follow.
   */
  void restart(int number) throws CorruptPixelDataException {
    int expected = 0xD0 + (number & 7);
    int at = finish();
    while (at + 1 < data.length && (data[at + 1] & 0xFF) == 0xFF) {
      at++; // fill bytes before the marker
    }
    if (at + 1 >= data.length || (data[at + 1] & 0xFF) != expected) {
      throw new CorruptPixelDataException(source,
          String.format("JPEG restart marker FF%02X expected at offset %d", expected, at));
    }
    pos = at + 2;
    buffer = 0;
    count = 0;
    madeUp = 0;
    ended = false;
  }

  /**
   * Checks that the bits consumed so far all came from the segment and returns the offset of
   * the marker that ends it (or the data's length when none does). Bytes the decoder did not
   * need between its last bit and that marker are stepped over, as libjpeg does.
   */
  int finish() throws CorruptPixelDataException {
    checkNotOverrun();
    if (ended) {
      return pos;
    }
    int at = pos;
    while (at + 1 < data.length
        && ((data[at] & 0xFF) != 0xFF || (data[at + 1] & 0xFF) == 0x00)) {
      at += (data[at] & 0xFF) == 0xFF ? 2 : 1;
    }
    return Math.min(at, data.length);
  }

  /**
   * Loads bytes until more than 56 bits are buffered; throws when bits past the segment's end
   * were consumed since the last fill.
   */
  private void fill() throws CorruptPixelDataException {
    checkNotOverrun();
    while (count <= 56) {
      if (!ended && pos < data.length) {
        int b = data[pos] & 0xFF;
        if (b != 0xFF) {
          pos++;
          buffer = (buffer << 8) | b;
          count += 8;
          continue;
        }
        if (pos + 1 < data.length && data[pos + 1] == 0) {
          pos += 2; // stuffed FF 00 is a data byte FF
          buffer = (buffer << 8) | 0xFF;
          count += 8;
          continue;
        }
      }
      // a marker (or a fill byte before one), an FF as the last byte, or the end of the data
      ended = true;
      buffer <<= 8;
      count += 8;
      madeUp += 8;
    }
  }

  private void checkNotOverrun() throws CorruptPixelDataException {
    if (count >= madeUp) {
      return;
    }
    if (pos + 1 < data.length) {
      int at = pos;
      while (at + 2 < data.length && (data[at + 1] & 0xFF) == 0xFF) {
        at++;
      }
      throw new CorruptPixelDataException(source,
          String.format("JPEG entropy-coded data ends at marker FF%02X (offset %d) before the scan is complete",
              data[at + 1] & 0xFF, pos));
    }
    throw new CorruptPixelDataException(source, "JPEG entropy-coded data is cut off at offset " + data.length);
  }
}
