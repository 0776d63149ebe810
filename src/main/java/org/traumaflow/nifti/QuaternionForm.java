package org.traumaflow.nifti;

/**
 * The NIfTI-1 qform: a rotation as a unit quaternion (b, c, d; a is implied), a handedness
 * factor qfac (+1 or -1, stored in pixdim[0]), voxel sizes and an offset. The conversions follow
 * nifti1_io.c's {@code nifti_quatern_to_mat44} and {@code nifti_mat44_to_quatern}, which every
 * NIfTI tool (nibabel, ITK, FSL) implements alike.
 */
record QuaternionForm(double b, double c, double d, double qfac, double[] voxelSize, double[] offset) {

  /** The voxel-to-world affine this qform describes. */
  Affine toAffine() {
    double bb = b;
    double cc = c;
    double dd = d;
    double a = 1.0 - (bb * bb + cc * cc + dd * dd);
    if (a < 1.0e-7) {
      // b, c, d describe a 180 degree rotation: renormalise them, as nifti1_io does.
      a = 1.0 / Math.sqrt(bb * bb + cc * cc + dd * dd);
      bb *= a;
      cc *= a;
      dd *= a;
      a = 0.0;
    } else {
      a = Math.sqrt(a);
    }
    double xd = voxelSize[0] > 0 ? voxelSize[0] : 1.0;
    double yd = voxelSize[1] > 0 ? voxelSize[1] : 1.0;
    double zd = voxelSize[2] > 0 ? voxelSize[2] : 1.0;
    if (qfac < 0) {
      zd = -zd;
    }
    double[] linear = {
      (a * a + bb * bb - cc * cc - dd * dd) * xd, 2 * (bb * cc - a * dd) * yd, 2 * (bb * dd + a * cc) * zd,
      2 * (bb * cc + a * dd) * xd, (a * a + cc * cc - bb * bb - dd * dd) * yd, 2 * (cc * dd - a * bb) * zd,
      2 * (bb * dd - a * cc) * xd, 2 * (cc * dd + a * bb) * yd, (a * a + dd * dd - cc * cc - bb * bb) * zd
    };
    return Affine.of(linear, offset);
  }

  /**
   * The qform closest to {@code affine}: its columns normalised give the rotation (a reflection
   * becomes qfac -1). For an affine with shear the result only approximates it; callers compare.
   */
  static QuaternionForm fromAffine(Affine affine) {
    double[] size = {affine.axisLength(0), affine.axisLength(1), affine.axisLength(2)};
    double[][] r = new double[3][3];
    for (int col = 0; col < 3; col++) {
      double len = size[col] > 0 ? size[col] : 1.0;
      for (int row = 0; row < 3; row++) {
        r[row][col] = affine.get(row, col) / len;
      }
    }
    double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
        - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
        + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    double qfac = 1.0;
    if (det < 0) {
      qfac = -1.0;
      r[0][2] = -r[0][2];
      r[1][2] = -r[1][2];
      r[2][2] = -r[2][2];
    }
    double a = r[0][0] + r[1][1] + r[2][2] + 1.0;
    double b;
    double c;
    double d;
    if (a > 0.5) {
      a = 0.5 * Math.sqrt(a);
      b = 0.25 * (r[2][1] - r[1][2]) / a;
      c = 0.25 * (r[0][2] - r[2][0]) / a;
      d = 0.25 * (r[1][0] - r[0][1]) / a;
    } else {
      double xd = 1.0 + r[0][0] - (r[1][1] + r[2][2]);
      double yd = 1.0 + r[1][1] - (r[0][0] + r[2][2]);
      double zd = 1.0 + r[2][2] - (r[0][0] + r[1][1]);
      if (xd > 1.0) {
        b = 0.5 * Math.sqrt(xd);
        c = 0.25 * (r[0][1] + r[1][0]) / b;
        d = 0.25 * (r[0][2] + r[2][0]) / b;
        a = 0.25 * (r[2][1] - r[1][2]) / b;
      } else if (yd > 1.0) {
        c = 0.5 * Math.sqrt(yd);
        b = 0.25 * (r[0][1] + r[1][0]) / c;
        d = 0.25 * (r[1][2] + r[2][1]) / c;
        a = 0.25 * (r[0][2] - r[2][0]) / c;
      } else {
        d = 0.5 * Math.sqrt(zd);
        b = 0.25 * (r[0][2] + r[2][0]) / d;
        c = 0.25 * (r[1][2] + r[2][1]) / d;
        a = 0.25 * (r[1][0] - r[0][1]) / d;
      }
      if (a < 0.0) {
        b = -b;
        c = -c;
        d = -d;
      }
    }
    double[] offset = {affine.get(0, 3), affine.get(1, 3), affine.get(2, 3)};
    return new QuaternionForm(b, c, d, qfac, size, offset);
  }
}
