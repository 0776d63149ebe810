package org.traumaflow.model;

import java.util.Arrays;

/**
 * A plane projective transform in normalised image coordinates, where {@code (-1, -1)} is the
 * top-left corner of an image and {@code (1, 1)} its bottom-right whatever its size, so one
 * transform moves an image and its masks of another resolution alike.
 *
 * @param m the 3x3 matrix, row-major: {@code (x', y', w') = m (x, y, 1)}
 */
record Homography(double[] m) {
  Homography {
    if (m.length != 9) {
      throw new IllegalArgumentException("a homography is 3x3, got " + m.length + " values");
    }
    m = m.clone();
  }

  static Homography identity() {
    return new Homography(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
  }

  /** Scaling about the centre; {@code scale(-1, 1)} is a horizontal flip. */
  static Homography scale(double sx, double sy) {
    return new Homography(new double[] {sx, 0, 0, 0, sy, 0, 0, 0, 1});
  }

  /** Rotation about the centre by {@code radians}, clockwise on screen (rows grow downwards). */
  static Homography rotation(double radians) {
    double c = Math.cos(radians);
    double s = Math.sin(radians);
    return new Homography(new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
  }

  /**
   * The transform taking the four points {@code from} to the four points {@code to}, each
   * {@code {x0, y0, x1, y1, x2, y2, x3, y3}}, no three of them on a line.
   */
  static Homography mapping(double[] from, double[] to) {
    // h33 = 1; two equations per correspondence for the other eight entries.
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = from[2 * i];
      double y = from[2 * i + 1];
      double u = to[2 * i];
      double v = to[2 * i + 1];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    double[] h = solve(a);
    return new Homography(new double[] {h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1});
  }

  /** {@code this} after {@code first}: the transform that applies {@code first}, then this. */
  Homography after(Homography first) {
    double[] a = m;
    double[] b = first.m;
    double[] c = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int k = 0; k < 3; k++) {
        c[3 * r + k] = a[3 * r] * b[k] + a[3 * r + 1] * b[3 + k] + a[3 * r + 2] * b[6 + k];
      }
    }
    return new Homography(c);
  }

  Homography inverse() {
    double[] a = m;
    double[] adjugate = {
      a[4] * a[8] - a[5] * a[7], a[2] * a[7] - a[1] * a[8], a[1] * a[5] - a[2] * a[4],
      a[5] * a[6] - a[3] * a[8], a[0] * a[8] - a[2] * a[6], a[2] * a[3] - a[0] * a[5],
      a[3] * a[7] - a[4] * a[6], a[1] * a[6] - a[0] * a[7], a[0] * a[4] - a[1] * a[3]
    };
    double determinant = a[0] * adjugate[0] + a[1] * adjugate[3] + a[2] * adjugate[6];
    if (Math.abs(determinant) < 1e-12) {
      throw new IllegalStateException("a singular transform has no inverse: " + Arrays.toString(a));
    }
    for (int i = 0; i < 9; i++) {
      adjugate[i] /= determinant;
    }
    return new Homography(adjugate);
  }

  /** The image of {@code (x, y)}: {@code {x', y'}}. */
  double[] apply(double x, double y) {
    double w = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w};
  }

  @Override
  public double[] m() {
    return m.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Homography h && Arrays.equals(h.m, m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    return "Homography" + Arrays.toString(m);
  }

  /** Gauss-Jordan elimination with partial pivoting of an n x (n + 1) augmented system. */
  private static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException("the points do not define a homography (three on a line?)");
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int k = col; k <= n; k++) {
            a[r][k] -= f * a[col][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }
}
