package org.traumaflow.nifti;

import java.util.Arrays;

/**
 * A 4x4 affine transform, row-major, bottom row (0, 0, 0, 1). In this package it maps NIfTI
 * voxel indices (i, j, k) to NIfTI world coordinates in mm, which are RAS+ (+x toward the
 * patient's Right, +y Anterior, +z Superior). DICOM patient coordinates are LPS+ (+x Left,
 * +y Posterior, +z Superior): the two differ by negating x and y ({@link #lpsToRas()}).
 */
public final class Affine {
  private final double[] m;

  private Affine(double[] m) {
    this.m = m;
  }

  /** An affine from its top three rows (12 values, row-major). */
  public static Affine ofRows(double[] rowX, double[] rowY, double[] rowZ) {
    if (rowX.length != 4 || rowY.length != 4 || rowZ.length != 4) {
      throw new IllegalArgumentException("each affine row needs 4 values");
    }
    double[] m = new double[16];
    System.arraycopy(rowX, 0, m, 0, 4);
    System.arraycopy(rowY, 0, m, 4, 4);
    System.arraycopy(rowZ, 0, m, 8, 4);
    m[15] = 1;
    return new Affine(m);
  }

  /** The affine with linear part {@code linear} (3x3, row-major) and translation {@code offset}. */
  public static Affine of(double[] linear, double[] offset) {
    return ofRows(
        new double[] {linear[0], linear[1], linear[2], offset[0]},
        new double[] {linear[3], linear[4], linear[5], offset[1]},
        new double[] {linear[6], linear[7], linear[8], offset[2]});
  }

  public static Affine identity() {
    return ofRows(new double[] {1, 0, 0, 0}, new double[] {0, 1, 0, 0}, new double[] {0, 0, 1, 0});
  }

  /** DICOM patient coordinates (LPS) to NIfTI world coordinates (RAS), and back: its own inverse. */
  public static Affine lpsToRas() {
    return ofRows(new double[] {-1, 0, 0, 0}, new double[] {0, -1, 0, 0}, new double[] {0, 0, 1, 0});
  }

  /** Element (row, column), both 0..3. */
  public double get(int row, int column) {
    return m[row * 4 + column];
  }

  /** Row {@code row} (0..2) as four values, as NIfTI's {@code srow_x/y/z} store them. */
  public double[] row(int row) {
    return Arrays.copyOfRange(m, row * 4, row * 4 + 4);
  }

  /** The image of point p (three values). */
  public double[] apply(double[] p) {
    return new double[] {
      m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3],
      m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7],
      m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11]
    };
  }

  /** The image of direction d (three values): the linear part only. */
  public double[] applyToVector(double[] d) {
    return new double[] {
      m[0] * d[0] + m[1] * d[1] + m[2] * d[2],
      m[4] * d[0] + m[5] * d[1] + m[6] * d[2],
      m[8] * d[0] + m[9] * d[1] + m[10] * d[2]
    };
  }

  /** {@code this} after {@code first}: x -> this(first(x)). */
  public Affine compose(Affine first) {
    double[] r = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
          sum += m[i * 4 + k] * first.m[k * 4 + j];
        }
        r[i * 4 + j] = sum;
      }
    }
    return new Affine(r);
  }

  /** The determinant of the linear part: negative when the voxel axes are left-handed. */
  public double determinant() {
    return m[0] * (m[5] * m[10] - m[6] * m[9])
        - m[1] * (m[4] * m[10] - m[6] * m[8])
        + m[2] * (m[4] * m[9] - m[5] * m[8]);
  }

  /** The inverse; refused when the linear part is singular (a degenerate NIfTI affine). */
  public Affine inverse() {
    double det = determinant();
    if (!(Math.abs(det) > 1e-12) || !Double.isFinite(det)) {
      throw new IllegalStateException("affine is singular (determinant " + det + ")");
    }
    double[] inv = new double[9];
    inv[0] = (m[5] * m[10] - m[6] * m[9]) / det;
    inv[1] = (m[2] * m[9] - m[1] * m[10]) / det;
    inv[2] = (m[1] * m[6] - m[2] * m[5]) / det;
    inv[3] = (m[6] * m[8] - m[4] * m[10]) / det;
    inv[4] = (m[0] * m[10] - m[2] * m[8]) / det;
    inv[5] = (m[2] * m[4] - m[0] * m[6]) / det;
    inv[6] = (m[4] * m[9] - m[5] * m[8]) / det;
    inv[7] = (m[1] * m[8] - m[0] * m[9]) / det;
    inv[8] = (m[0] * m[5] - m[1] * m[4]) / det;
    double[] t = {m[3], m[7], m[11]};
    double[] offset = {
      -(inv[0] * t[0] + inv[1] * t[1] + inv[2] * t[2]),
      -(inv[3] * t[0] + inv[4] * t[1] + inv[5] * t[2]),
      -(inv[6] * t[0] + inv[7] * t[1] + inv[8] * t[2])
    };
    return of(inv, offset);
  }

  /** The length of the image of voxel axis {@code axis} (0..2): that axis' voxel size in mm. */
  public double axisLength(int axis) {
    double x = m[axis];
    double y = m[4 + axis];
    double z = m[8 + axis];
    return Math.sqrt(x * x + y * y + z * z);
  }

  /** Whether every element differs from {@code other}'s by at most {@code tolerance}. */
  public boolean approximatelyEquals(Affine other, double tolerance) {
    for (int i = 0; i < 16; i++) {
      if (Math.abs(m[i] - other.m[i]) > tolerance) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Affine other && Arrays.equals(m, other.m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Affine[");
    for (int r = 0; r < 3; r++) {
      s.append(r == 0 ? "" : "; ").append(Arrays.toString(row(r)));
    }
    return s.append(']').toString();
  }
}
