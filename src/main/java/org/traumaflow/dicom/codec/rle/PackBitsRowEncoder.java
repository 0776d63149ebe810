package org.traumaflow.dicom.codec.rle;

/**
 * Compresses one row of a byte plane with the PackBits scheme of PS3.5 G.3.1: replicate runs
 * of 2..128 equal bytes become {@code (1 - count, byte)}, everything else literal runs of
 * 1..128 bytes {@code (count - 1, bytes...)}. A pair of equal bytes that follows literal bytes
 * joins the literal run, as G.3.1 recommends: a separate replicate run would cost the same two
 * bytes and then split the literal run, adding a header byte.
 */
final class PackBitsRowEncoder {

  private static final int MAX_RUN = 128;

  private PackBitsRowEncoder() {}

  /** The most bytes {@link #encode} writes for a row of {@code length} bytes. */
  static int worstCaseLength(int length) {
    return length + (length + MAX_RUN - 1) / MAX_RUN;
  }

  /**
   * Encodes {@code row[0..length)} into {@code out} from {@code outPos}; returns the position
   * after the last byte written.
   */
  static int encode(byte[] row, int length, byte[] out, int outPos) {
    int literalStart = 0;
    int i = 0;
    while (i < length) {
      byte value = row[i];
      int run = 1;
      while (i + run < length && run < MAX_RUN && row[i + run] == value) {
        run++;
      }
      boolean literalPending = i > literalStart;
      if (run >= 3 || (run == 2 && !literalPending)) {
        outPos = writeLiteral(row, literalStart, i, out, outPos);
        out[outPos++] = (byte) (1 - run);
        out[outPos++] = value;
        literalStart = i + run;
      }
      i += run;
    }
    return writeLiteral(row, literalStart, length, out, outPos);
  }

  /** Writes row[from..to) as literal runs of at most 128 bytes. */
  private static int writeLiteral(byte[] row, int from, int to, byte[] out, int outPos) {
    while (from < to) {
      int count = Math.min(MAX_RUN, to - from);
      out[outPos++] = (byte) (count - 1);
      System.arraycopy(row, from, out, outPos, count);
      outPos += count;
      from += count;
    }
    return outPos;
  }
}
