package org.traumaflow.dicom.codec;

import org.traumaflow.dicom.CorruptPixelDataException;

/**
 * One Huffman table of a DHT segment, decoded with the canonical-code procedure of ITU T.81
 * F.2.2.3 (codes of each length are consecutive numbers, so a code is found by comparing it
 * with the largest code of its length).
 */
final class JpegHuffmanTable {

  private final int[] maxCode = new int[17];
  private final int[] valueOffset = new int[17];
  private final byte[] values;

  /**
   * @param counts {@code counts[l]} codes of length {@code l + 1}, l in 0..15
   * @param values the symbols in order of increasing code
   */
  JpegHuffmanTable(int[] counts, byte[] values) {
    this.values = values;
    int code = 0;
    int k = 0;
    for (int length = 1; length <= 16; length++) {
      int n = counts[length - 1];
      valueOffset[length] = k - code;
      code += n;
      k += n;
      maxCode[length] = n == 0 ? -1 : code - 1;
      code <<= 1;
    }
  }

  int decode(String source, JpegBitReader bits) throws CorruptPixelDataException {
    int code = bits.bit();
    int length = 1;
    while (code > maxCode[length]) {
      code = (code << 1) | bits.bit();
      length++;
      if (length > 16) {
        throw new CorruptPixelDataException(source, "JPEG data holds a Huffman code longer than 16 bits");
      }
    }
    int index = valueOffset[length] + code;
    if (index < 0 || index >= values.length) {
      throw new CorruptPixelDataException(source, "JPEG data holds a Huffman code its table does not define");
    }
    return values[index] & 0xFF;
  }
}
