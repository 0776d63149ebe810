package org.traumaflow.synth;

/**
 * How a series stores HU in its 16-bit pixels, as real scanners differ: RescaleIntercept -1024
 * with unsigned pixels (12 or 16 bits stored), or with signed pixels, or intercept 0 with signed
 * pixels; some scanners also fill the corners outside the round reconstruction field with a
 * padding value far below air.
 *
 * @param bitsStored 12 or 16
 * @param pixelRepresentation 0 unsigned, 1 signed
 * @param intercept RescaleIntercept (slope is 1)
 * @param paddingHu HU outside the reconstruction circle, or NaN when the whole square is imaged
 */
record PixelEncoding(int bitsStored, int pixelRepresentation, double intercept, double paddingHu) {

  /** The most negative HU this encoding can hold. */
  int minHu() {
    long stored = pixelRepresentation == 1 ? -(1L << (bitsStored - 1)) : 0;
    return (int) (stored + intercept);
  }

  /** The most positive HU this encoding can hold. */
  int maxHu() {
    long stored = pixelRepresentation == 1 ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
    return (int) Math.min(stored + intercept, Short.MAX_VALUE);
  }

  boolean padded() {
    return !Double.isNaN(paddingHu);
  }

  /** The stored value of an HU value already inside [minHu, maxHu]. */
  short store(int hu) {
    return (short) (hu - (int) intercept);
  }

  static PixelEncoding sample(Rng rng) {
    return switch (rng.weighted(new double[] {0.35, 0.35, 0.1, 0.15, 0.05})) {
      case 0 -> new PixelEncoding(12, 0, -1024, Double.NaN);
      case 1 -> new PixelEncoding(16, 1, -1024, rng.chance(0.5) ? -3024 : Double.NaN);
      case 2 -> new PixelEncoding(16, 0, -1024, Double.NaN);
      case 3 -> new PixelEncoding(16, 1, 0, rng.chance(0.5) ? -2000 : Double.NaN);
      default -> new PixelEncoding(12, 1, 0, Double.NaN);
    };
  }
}
