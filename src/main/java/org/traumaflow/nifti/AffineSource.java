package org.traumaflow.nifti;

/** Which part of a NIfTI header gave the voxel-to-world affine (NIfTI-1 "methods" 3, 2, 1). */
public enum AffineSource {
  /** {@code sform_code > 0}: the {@code srow_x/y/z} rows; preferred, as nibabel and ITK prefer it. */
  SFORM,
  /** {@code qform_code > 0} and no sform: the quaternion, offsets and {@code pixdim}. */
  QFORM,
  /** Neither code set: {@code pixdim} scaling only; the orientation is unknown. */
  PIXDIM_ONLY
}
