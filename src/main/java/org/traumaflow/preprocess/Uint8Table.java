package org.traumaflow.preprocess;

import java.util.function.IntUnaryOperator;

/**
 * A window's uint8 value for each int16 HU value of a range, computed once and then looked up:
 * a 300-slice series has 78 million voxels per variant, and the window's floating-point
 * arithmetic on each was most of preprocessing's CPU time. The values are the window's own, so
 * the result is unchanged.
 */
public final class Uint8Table {
  private final byte[] values;
  private int lowest;

  private Uint8Table(int capacity) {
    values = new byte[capacity];
  }

  /** {@code window}'s {@link SliceWindow#uint8} for every int16 value. */
  public static Uint8Table of(SliceWindow window) {
    Uint8Table table = new Uint8Table(1 << 16);
    table.fill(Short.MIN_VALUE, Short.MAX_VALUE, window::uint8);
    return table;
  }

  /** A table to be {@link #fill filled} for ranges of up to every int16 value. */
  static Uint8Table forRanges() {
    return new Uint8Table(1 << 16);
  }

  /** Holds {@code uint8} of every value from {@code from} to {@code to}, both included, from now on. */
  void fill(int from, int to, IntUnaryOperator uint8) {
    lowest = from;
    for (int hu = from; hu <= to; hu++) {
      values[hu - from] = (byte) uint8.applyAsInt(hu);
    }
  }

  /** Looks up {@code count} HU values from {@code hu[from]} into {@code out[to]}; each must be in the filled range. */
  public void apply(short[] hu, int from, byte[] out, int to, int count) {
    for (int i = 0; i < count; i++) {
      out[to + i] = values[hu[from + i] - lowest];
    }
  }
}
