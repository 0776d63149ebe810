package org.traumaflow.model;

/**
 * Brings 0/1 masks to an aux head's resolution: a cell of the coarser grid is in the mask when
 * at least half of the fine pixels whose centres fall in it are (average pooling then a 0.5
 * threshold, for any ratio of sizes); on a finer grid each cell takes the nearest pixel.
 */
final class MaskGrid {
  private MaskGrid() {}

  /**
   * Resamples {@code planes} square planes of {@code from x from} bytes (0 or 1) to
   * {@code to x to} floats (0 or 1), written to {@code out} from {@code offset}.
   */
  static void resample(byte[] masks, int planes, int from, int to, float[] out, int offset) {
    if (to > from) {
      nearest(masks, planes, from, to, out, offset);
      return;
    }
    int[] cell = new int[from];
    int[] pixelsPerCell = new int[to];
    for (int i = 0; i < from; i++) {
      // The cell holding pixel i's centre.
      cell[i] = (int) Math.min(to - 1, ((2L * i + 1) * to) / (2L * from));
      pixelsPerCell[cell[i]]++;
    }
    int[] counts = new int[to * to];
    for (int p = 0; p < planes; p++) {
      java.util.Arrays.fill(counts, 0);
      int base = p * from * from;
      for (int r = 0; r < from; r++) {
        int rowCell = cell[r] * to;
        for (int c = 0; c < from; c++) {
          if (masks[base + r * from + c] != 0) {
            counts[rowCell + cell[c]]++;
          }
        }
      }
      int target = offset + p * to * to;
      for (int r = 0; r < to; r++) {
        for (int c = 0; c < to; c++) {
          int area = pixelsPerCell[r] * pixelsPerCell[c];
          out[target + r * to + c] = 2 * counts[r * to + c] >= area && area > 0 ? 1f : 0f;
        }
      }
    }
  }

  private static void nearest(byte[] masks, int planes, int from, int to, float[] out, int offset) {
    int[] source = new int[to];
    for (int j = 0; j < to; j++) {
      source[j] = (int) (((2L * j + 1) * from) / (2L * to));
    }
    for (int p = 0; p < planes; p++) {
      int base = p * from * from;
      int target = offset + p * to * to;
      for (int r = 0; r < to; r++) {
        for (int c = 0; c < to; c++) {
          out[target + r * to + c] = masks[base + source[r] * from + source[c]] != 0 ? 1f : 0f;
        }
      }
    }
  }
}
