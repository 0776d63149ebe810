package org.traumaflow.preprocess;

/**
 * A series windowed to uint8 at full resolution, slices in assembled order.
 *
 * @param variant "ours" (fixed soft-tissue window) or "theo" (the file's own window)
 * @param slices number of slices
 * @param rows rows per slice
 * @param columns columns per slice
 * @param voxels slices x rows x columns values 0..255
 */
public record WindowedVolume(String variant, int slices, int rows, int columns, byte[] voxels) {
  public WindowedVolume {
    if ((long) slices * rows * columns != voxels.length) {
      throw new IllegalArgumentException(variant + ": " + voxels.length + " voxels for " + slices + "x" + rows + "x" + columns);
    }
  }
}
