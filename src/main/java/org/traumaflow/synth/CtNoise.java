package org.traumaflow.synth;

/**
 * Turns a noise-free painted slice into what a scanner shows: edges softened a little (the
 * reconstruction kernel and partial volume) and grainy, spatially correlated noise added, then
 * HU rounded and clamped to what the pixel encoding can hold. The noise is the sum of four
 * uniform deviates (close to normal, and closer still after the smoothing) from a seeded
 * xorshift generator: fast, and the same on every machine.
 */
final class CtNoise {
  /**
   * Four uniform 16-bit deviates sum to a deviate with standard deviation 65536 x sqrt(4 / 12);
   * the [1, 2, 1] / 4 smoothing in both directions then leaves 0.375 of it (sqrt(6/16) per
   * direction). This scales the sum to unit standard deviation after smoothing.
   */
  private static final double UNIT = 1 / (65536 * Math.sqrt(4.0 / 12.0) * 0.375);

  private final float[] mixed;
  private final float[] across;

  CtNoise(int rows, int cols) {
    mixed = new float[rows * cols];
    across = new float[rows * cols];
  }

  /**
   * Writes the slice's HU into {@code hu}.
   *
   * @param seed the slice's own noise seed
   */
  void render(float[] clean, int rows, int cols, double sd, long seed, PixelEncoding encoding, short[] hu) {
    long state = Rng.mix(seed) | 1L;
    float scale = (float) (sd * UNIT);
    float offset = 2 * 65535f;
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      int sum = (int) (state & 0xFFFF) + (int) ((state >>> 16) & 0xFFFF) + (int) ((state >>> 32) & 0xFFFF) + (int) (state >>> 48);
      mixed[i] = clean[i] + scale * (sum - offset);
    }
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      across[base] = 0.25f * (3 * mixed[base] + mixed[base + Math.min(1, cols - 1)]);
      for (int c = 1; c < cols - 1; c++) {
        across[base + c] = 0.25f * (mixed[base + c - 1] + 2 * mixed[base + c] + mixed[base + c + 1]);
      }
      if (cols > 1) {
        across[base + cols - 1] = 0.25f * (mixed[base + cols - 2] + 3 * mixed[base + cols - 1]);
      }
    }
    int min = Math.max(encoding.minHu(), -1024);
    int max = Math.min(encoding.maxHu(), 3071);
    for (int r = 0; r < rows; r++) {
      int up = Math.max(0, r - 1) * cols;
      int down = Math.min(rows - 1, r + 1) * cols;
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        int value = (int) Math.floor(0.25f * (across[up + c] + 2 * across[base + c] + across[down + c]) + 0.5f);
        hu[base + c] = (short) (value < min ? min : (value > max ? max : value));
      }
    }
    if (encoding.padded()) {
      padOutsideTheCircle(rows, cols, (short) encoding.paddingHu(), hu);
    }
  }

  /** Scanners that reconstruct a round field fill the square's corners with a padding value. */
  private static void padOutsideTheCircle(int rows, int cols, short padding, short[] hu) {
    double radius2 = 0.25 * Math.min(rows, cols) * Math.min(rows, cols);
    double centreR = (rows - 1) / 2.0;
    double centreC = (cols - 1) / 2.0;
    for (int r = 0; r < rows; r++) {
      double dr = r - centreR;
      for (int c = 0; c < cols; c++) {
        double dc = c - centreC;
        if (dr * dr + dc * dc > radius2) {
          hu[r * cols + c] = padding;
        }
      }
    }
  }
}
