package org.traumaflow.synth;

/** Transcendental functions from arithmetic only: fast per voxel and identical on every machine. */
final class FastMath {
  private FastMath() {}

  /** atan2(y, x) within 0.0015 rad (a 7th-order minimax polynomial for atan on [0, 1]). */
  static double atan2(double y, double x) {
    double ax = Math.abs(x);
    double ay = Math.abs(y);
    if (ax == 0 && ay == 0) {
      return 0;
    }
    double a = Math.min(ax, ay) / Math.max(ax, ay);
    double s = a * a;
    double r = ((-0.0464964749 * s + 0.15931422) * s - 0.327622764) * s * a + a;
    if (ay > ax) {
      r = Math.PI / 2 - r;
    }
    if (x < 0) {
      r = Math.PI - r;
    }
    return y < 0 ? -r : r;
  }
}
