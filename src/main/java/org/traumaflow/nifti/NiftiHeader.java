package org.traumaflow.nifti;

/**
 * The geometry and type of a 3D NIfTI-1 volume.
 *
 * @param nx voxels along i (the fastest-varying axis in the file)
 * @param ny voxels along j
 * @param nz voxels along k (the slowest)
 * @param dataType the voxel type
 * @param affine voxel index (i, j, k) to RAS+ world mm
 * @param description the header's {@code descrip} (at most 79 ASCII characters)
 */
public record NiftiHeader(int nx, int ny, int nz, NiftiDataType dataType, Affine affine, String description) {
  public NiftiHeader {
    if (nx < 1 || ny < 1 || nz < 1 || nx > Short.MAX_VALUE || ny > Short.MAX_VALUE || nz > Short.MAX_VALUE) {
      throw new IllegalArgumentException("NIfTI dimensions must be 1..32767, got " + nx + "x" + ny + "x" + nz);
    }
    if (description.length() > 79 || !description.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("descrip must be at most 79 printable ASCII characters");
    }
  }

  public long voxelCount() {
    return (long) nx * ny * nz;
  }

  /** Bytes of one k plane. */
  public long planeBytes() {
    return (long) nx * ny * dataType.bytesPerVoxel();
  }

  /** Bytes of the voxel data. */
  public long dataBytes() {
    return voxelCount() * dataType.bytesPerVoxel();
  }
}
