package org.traumaflow.seg;

import java.util.Arrays;

/**
 * Binary organ masks of one study, one mask per {@link Organ} channel.
 *
 * <p>Layout: organ-major, then slice, row, column; voxel {@code (organ, slice, row, col)} is
 * {@code voxels[((organ * slices + slice) * height + row) * width + col]}, 1 inside the organ and
 * 0 outside. The record takes ownership of {@code voxels} without copying (they can be tens of
 * megabytes); callers must not change the array afterwards.
 *
 * @param slices slices of the study (in the segmentation model's slice spacing)
 * @param height rows of every slice
 * @param width columns of every slice
 * @param voxels {@code Organ.COUNT * slices * height * width} values, each 0 or 1
 */
public record OrganMasks(int slices, int height, int width, byte[] voxels) {

  public OrganMasks {
    if (slices < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("mask dimensions must be positive, got " + slices + " x " + height + " x " + width);
    }
    long expected = (long) Organ.COUNT * slices * height * width;
    if (voxels == null || voxels.length != expected) {
      throw new IllegalArgumentException(
          "masks of " + slices + " x " + height + " x " + width + " need " + expected + " voxels, got "
              + (voxels == null ? "none" : voxels.length));
    }
    for (byte v : voxels) {
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("mask voxels must be 0 or 1, got " + v);
      }
    }
  }

  /** Empty masks (no organ anywhere) of the given size. */
  public static OrganMasks empty(int slices, int height, int width) {
    return new OrganMasks(slices, height, width, new byte[Organ.COUNT * slices * height * width]);
  }

  /** Voxels in one organ's mask of one slice. */
  public int sliceVoxels() {
    return height * width;
  }

  /** The offset of the first voxel of {@code organ}'s mask on {@code slice}. */
  public int sliceOffset(Organ organ, int slice) {
    if (slice < 0 || slice >= slices) {
      throw new IndexOutOfBoundsException("slice " + slice + " of " + slices);
    }
    return (organ.channel() * slices + slice) * sliceVoxels();
  }

  /** The index of voxel {@code (organ, slice, row, col)} in {@link #voxels()}. */
  public int index(Organ organ, int slice, int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") of " + height + " x " + width);
    }
    return sliceOffset(organ, slice) + row * width + col;
  }

  /** Whether voxel {@code (organ, slice, row, col)} is inside the organ. */
  public boolean contains(Organ organ, int slice, int row, int col) {
    return voxels[index(organ, slice, row, col)] != 0;
  }

  /** The number of {@code organ}'s pixels on {@code slice}. */
  public int pixelCount(Organ organ, int slice) {
    int offset = sliceOffset(organ, slice);
    int count = 0;
    for (int i = offset, end = offset + sliceVoxels(); i < end; i++) {
      count += voxels[i];
    }
    return count;
  }

  /** The number of {@code organ}'s voxels in the whole study. */
  public long voxelCount(Organ organ) {
    long count = 0;
    for (int s = 0; s < slices; s++) {
      count += pixelCount(organ, s);
    }
    return count;
  }

  /** A copy of {@code organ}'s mask on {@code slice}, row-major. */
  public byte[] slice(Organ organ, int slice) {
    int offset = sliceOffset(organ, slice);
    return Arrays.copyOfRange(voxels, offset, offset + sliceVoxels());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OrganMasks o
        && o.slices == slices
        && o.height == height
        && o.width == width
        && Arrays.equals(o.voxels, voxels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * slices + height) + width) + Arrays.hashCode(voxels);
  }

  @Override
  public String toString() {
    return "OrganMasks[" + slices + " slices of " + height + " x " + width + "]";
  }
}
