package org.traumaflow.dicom.codec.jpeg;

/**
 * The 8x8 inverse DCT of ITU T.81 A.3.3, computed separably in double precision. Exact to
 * well under one grey level, so results stay within a level of libjpeg's integer IDCT, which
 * GDCM (and hence pydicom) uses; speed matters little for the rare 12-bit lossy frames.
 */
final class InverseDct {

  /** COS[x * 8 + u] = C(u) / 2 * cos((2x + 1) u pi / 16). */
  private static final double[] COS = new double[64];

  static {
    for (int x = 0; x < 8; x++) {
      for (int u = 0; u < 8; u++) {
        double c = u == 0 ? Math.sqrt(0.5) : 1.0;
        COS[x * 8 + u] = c / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
      }
    }
  }

  private InverseDct() {}

  /**
   * Transforms dequantised coefficients (natural row-major order) into samples in place,
   * using {@code work} (64 values) as scratch.
   */
  static void transform(double[] block, double[] work) {
    for (int v = 0; v < 8; v++) {
      for (int x = 0; x < 8; x++) {
        double sum = 0;
        for (int u = 0; u < 8; u++) {
          sum += COS[x * 8 + u] * block[v * 8 + u];
        }
        work[v * 8 + x] = sum;
      }
    }
    for (int x = 0; x < 8; x++) {
      for (int y = 0; y < 8; y++) {
        double sum = 0;
        for (int v = 0; v < 8; v++) {
          sum += COS[y * 8 + v] * work[v * 8 + x];
        }
        block[y * 8 + x] = sum;
      }
    }
  }
}
