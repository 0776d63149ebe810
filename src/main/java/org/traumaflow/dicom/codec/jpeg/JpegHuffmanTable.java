package org.traumaflow.dicom.codec.jpeg;

import org.traumaflow.dicom.data.CorruptPixelDataException;

/**
 * One Huffman table of a DHT segment. Codes of up to {@value #LOOKAHEAD} bits are found with
 * one table look-up on a peek of the next bits; longer ones with the canonical-code procedure
 * of ITU T.81 F.2.2.3 (codes of each length are consecutive numbers, so a code is found by
 * comparing it with the largest code of its length).
 */
final class JpegHuffmanTable {

  private static final int LOOKAHEAD = 9;
  private static final int DIFFERENCE_LOOKAHEAD = 12;

  /** For each {@value #LOOKAHEAD}-bit prefix: (code length << 8) | symbol, or 0 for a longer code. */
  private final int[] lookup = new int[1 << LOOKAHEAD];
  /**
   * For each {@value #DIFFERENCE_LOOKAHEAD}-bit prefix that holds a whole code and the extra
   * bits of its category: (difference << 5) | bits used; 0 when it does not.
   */
  private final int[] differences = new int[1 << DIFFERENCE_LOOKAHEAD];
  private final int[] maxCode = new int[18];
  private final int[] valueOffset = new int[17];
  private final byte[] values;

  /**
   * @param counts {@code counts[l]} codes of length {@code l + 1}, l in 0..15
   * @param values the symbols in order of increasing code
   * @throws CorruptPixelDataException when the counts describe more codes than fit their lengths
   */
  JpegHuffmanTable(String source, int[] counts, byte[] values) throws CorruptPixelDataException {
    this.values = values;
    int code = 0;
    int k = 0;
    for (int length = 1; length <= 16; length++) {
      int n = counts[length - 1];
      valueOffset[length] = k - code;
      if (code + n > 1 << length) {
        throw new CorruptPixelDataException(source,
            "JPEG Huffman table defines more codes of length " + length + " than there are");
      }
      for (int i = 0; i < n; i++, code++, k++) {
        int symbol = values[k] & 0xFF;
        if (length <= LOOKAHEAD) {
          int shift = LOOKAHEAD - length;
          for (int fill = 0; fill < 1 << shift; fill++) {
            lookup[(code << shift) | fill] = length << 8 | symbol;
          }
        }
        addDifferences(length, code, symbol);
      }
      maxCode[length] = n == 0 ? -1 : code - 1;
      code <<= 1;
    }
    maxCode[17] = Integer.MAX_VALUE; // sentinel: ends the search of decode's slow path
  }

  /** Enters every prefix that starts with this code and holds all of its category's extra bits. */
  private void addDifferences(int length, int code, int category) {
    int extra = category == 16 ? 0 : category;
    if (category > 16 || length + extra > DIFFERENCE_LOOKAHEAD) {
      return;
    }
    int shift = DIFFERENCE_LOOKAHEAD - length - extra;
    for (int received = 0; received < 1 << extra; received++) {
      int difference = category == 16 ? 32768 : extend(received, category);
      int entry = difference << 5 | (length + extra);
      int prefix = ((code << extra) | received) << shift;
      for (int fill = 0; fill < 1 << shift; fill++) {
        differences[prefix | fill] = entry;
      }
    }
  }

  /** T.81 F.2.2.1 EXTEND: the signed difference that {@code received}, of category {@code size}, stands for. */
  static int extend(int received, int size) {
    return size == 0 ? 0 : received < (1 << (size - 1)) ? received - (1 << size) + 1 : received;
  }

  /**
   * Reads the tables of a DHT segment (T.81 B.2.4.2) whose body is {@code data[at..end)}
   * into {@code dcTables} (class 0, which lossless coding also uses) and {@code acTables}.
   */
  static void readSegment(String source, byte[] data, int at, int end,
      JpegHuffmanTable[] dcTables, JpegHuffmanTable[] acTables) throws CorruptPixelDataException {
    while (at < end) {
      if (at + 17 > end) {
        throw new CorruptPixelDataException(source, "JPEG Huffman table runs past its DHT segment");
      }
      int classAndId = data[at] & 0xFF;
      int[] counts = new int[16];
      int total = 0;
      for (int l = 0; l < 16; l++) {
        counts[l] = data[at + 1 + l] & 0xFF;
        total += counts[l];
      }
      if (at + 17 + total > end) {
        throw new CorruptPixelDataException(source, "JPEG Huffman table runs past its DHT segment");
      }
      byte[] values = new byte[total];
      System.arraycopy(data, at + 17, values, 0, total);
      JpegHuffmanTable table = new JpegHuffmanTable(source, counts, values);
      if ((classAndId >> 4) == 0) {
        dcTables[classAndId & 0x03] = table;
      } else {
        acTables[classAndId & 0x03] = table;
      }
      at += 17 + total;
    }
  }

  /**
   * A Huffman-coded difference: its category (SSSS), then that many extra bits (T.81 F.2.2.1
   * for DC coefficients, H.1.2.2 for lossless JPEG, where category 16 means 32768 and has no
   * extra bits). Not reduced modulo anything.
   */
  int decodeDifference(String source, JpegBitReader bits) throws CorruptPixelDataException {
    int look = bits.peek16();
    int entry = differences[look >>> (16 - DIFFERENCE_LOOKAHEAD)];
    if (entry != 0) {
      bits.skip(entry & 31);
      return entry >> 5;
    }
    int category = decode(source, bits);
    if (category < 16) {
      return bits.signedValue(category);
    }
    if (category == 16) {
      return 32768;
    }
    throw new CorruptPixelDataException(source, "JPEG difference category " + category + " is above 16");
  }

  int decode(String source, JpegBitReader bits) throws CorruptPixelDataException {
    int look = bits.peek16();
    int entry = lookup[look >>> (16 - LOOKAHEAD)];
    if (entry != 0) {
      bits.skip(entry >>> 8);
      return entry & 0xFF;
    }
    int length = LOOKAHEAD + 1;
    int code = look >>> (16 - length);
    while (code > maxCode[length]) {
      length++;
      code = look >>> (16 - length);
    }
    if (length > 16) {
      throw new CorruptPixelDataException(source, "JPEG data holds a Huffman code its table does not define");
    }
    bits.skip(length);
    return values[valueOffset[length] + code] & 0xFF;
  }
}
