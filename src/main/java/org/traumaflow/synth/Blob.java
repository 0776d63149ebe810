package org.traumaflow.synth;

/**
 * A smoothly deformed, rotated ellipsoid in patient coordinates (LPS mm): the building block of
 * organs, lesions and bones. Its surface is {@code level == 1}; {@code level} grows with distance
 * from the centre, so shells ({@code 1 < level < 1.2}) and cores ({@code level < 0.8}) are cheap
 * to test. The deformation is a sum of low-order polynomials of the direction from the centre
 * (spherical-harmonic-like), so shapes vary per patient without transcendental functions per voxel.
 */
final class Blob {
  /** Number of deformation coefficients {@link #deformed} accepts. */
  static final int SHAPE_TERMS = 8;

  final double cx;
  final double cy;
  final double cz;
  final double minX;
  final double maxX;
  final double minY;
  final double maxY;
  final double minZ;
  final double maxZ;
  // local = diag(1 / semi-axes) * R^T * (p - c)
  private final double m00;
  private final double m01;
  private final double m02;
  private final double m10;
  private final double m11;
  private final double m12;
  private final double m20;
  private final double m21;
  private final double m22;
  private final double[] shape;
  private final double maxFactor;
  private final double minFactor;
  private final double minSemiAxis;

  private Blob(double cx, double cy, double cz, double ax, double ay, double az, double yawDeg, double pitchDeg, double[] shape) {
    if (ax <= 0 || ay <= 0 || az <= 0) {
      throw new IllegalArgumentException("semi-axes must be positive");
    }
    this.cx = cx;
    this.cy = cy;
    this.cz = cz;
    this.shape = shape.clone();
    double sum = 0;
    for (double c : shape) {
      sum += Math.abs(c);
    }
    if (sum >= 0.6) {
      throw new IllegalArgumentException("deformation too strong: " + sum);
    }
    this.maxFactor = 1 + sum;
    this.minFactor = 1 - sum;
    this.minSemiAxis = Math.min(ax, Math.min(ay, az)) * minFactor;
    double yaw = StrictMath.toRadians(yawDeg);
    double pitch = StrictMath.toRadians(pitchDeg);
    double cyaw = StrictMath.cos(yaw);
    double syaw = StrictMath.sin(yaw);
    double cp = StrictMath.cos(pitch);
    double sp = StrictMath.sin(pitch);
    // R = Rz(yaw) * Rx(pitch): the ellipsoid's axes as columns, in patient coordinates.
    double[][] r = {
      {cyaw, -syaw * cp, syaw * sp},
      {syaw, cyaw * cp, -cyaw * sp},
      {0, sp, cp}
    };
    m00 = r[0][0] / ax;
    m01 = r[1][0] / ax;
    m02 = r[2][0] / ax;
    m10 = r[0][1] / ay;
    m11 = r[1][1] / ay;
    m12 = r[2][1] / ay;
    m20 = r[0][2] / az;
    m21 = r[1][2] / az;
    m22 = r[2][2] / az;
    double[] semi = {ax, ay, az};
    double[] extent = new double[3];
    for (int axis = 0; axis < 3; axis++) {
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += (r[axis][j] * semi[j]) * (r[axis][j] * semi[j]);
      }
      extent[axis] = maxFactor * Math.sqrt(s);
    }
    minX = cx - extent[0];
    maxX = cx + extent[0];
    minY = cy - extent[1];
    maxY = cy + extent[1];
    minZ = cz - extent[2];
    maxZ = cz + extent[2];
  }

  /** An undeformed ellipsoid. */
  static Blob ellipsoid(double cx, double cy, double cz, double ax, double ay, double az, double yawDeg, double pitchDeg) {
    return new Blob(cx, cy, cz, ax, ay, az, yawDeg, pitchDeg, new double[SHAPE_TERMS]);
  }

  /** A deformed ellipsoid; {@code shape} has {@link #SHAPE_TERMS} coefficients, |sum| below 0.6. */
  static Blob deformed(double cx, double cy, double cz, double ax, double ay, double az, double yawDeg, double pitchDeg, double[] shape) {
    return new Blob(cx, cy, cz, ax, ay, az, yawDeg, pitchDeg, shape);
  }

  /** Random deformation coefficients of typical size {@code amount} (0.05 subtle, 0.1 lumpy). */
  static double[] randomShape(Rng rng, double amount) {
    double[] s = new double[SHAPE_TERMS];
    double sum = 0;
    for (int i = 0; i < SHAPE_TERMS; i++) {
      s[i] = rng.normal(0, amount, -2.5 * amount, 2.5 * amount);
      sum += Math.abs(s[i]);
    }
    if (sum > 0.5) {
      for (int i = 0; i < SHAPE_TERMS; i++) {
        s[i] *= 0.5 / sum;
      }
    }
    return s;
  }

  /**
   * The normalised radius of point p: below 1 inside, 1 on the surface. Far outside it returns
   * a lower bound that is still well above 1, which is all callers need there.
   */
  double level(double x, double y, double z) {
    double dx = x - cx;
    double dy = y - cy;
    double dz = z - cz;
    double u = m00 * dx + m01 * dy + m02 * dz;
    double v = m10 * dx + m11 * dy + m12 * dz;
    double w = m20 * dx + m21 * dy + m22 * dz;
    double r2 = u * u + v * v + w * w;
    double far = 1.5 * maxFactor;
    if (r2 >= far * far) {
      return Math.sqrt(r2) / maxFactor;
    }
    double r = Math.sqrt(r2);
    if (r < 1e-12) {
      return 0;
    }
    double ux = u / r;
    double uy = v / r;
    double uz = w / r;
    double f = 1
        + shape[0] * 2 * ux * uy
        + shape[1] * 2 * uy * uz
        + shape[2] * 2 * ux * uz
        + shape[3] * (ux * ux - uy * uy)
        + shape[4] * (1.5 * uz * uz - 0.5)
        + shape[5] * ux
        + shape[6] * uy
        + shape[7] * uz;
    return r / f;
  }

  boolean contains(double x, double y, double z) {
    return level(x, y, z) < 1;
  }

  /** Whether the blob can reach the plane at z. */
  boolean spansZ(double z) {
    return z >= minZ && z <= maxZ;
  }

  /** A lower bound on the distance from the centre to the surface, mm. */
  double minSemiAxis() {
    return minSemiAxis;
  }
}
