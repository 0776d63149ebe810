package org.traumaflow.synth;

/**
 * How one series was acquired and reconstructed: its voxel grid, slice order and pixel
 * encoding. Slices are indexed by z, lowest first; {@code instanceNumbers} says which file each
 * becomes.
 *
 * @param rows rows of a slice
 * @param columns columns of a slice
 * @param pixelSpacing mm between pixel centres, both directions
 * @param x0 x of the first column's centre (ImagePositionPatient x)
 * @param y0 y of the first row's centre
 * @param z z of each slice, ascending
 * @param sliceThickness nominal thickness, mm
 * @param patientPosition HFS (instance 1 is the top slice) or FFS (instance 1 is the bottom)
 * @param instanceNumbers the InstanceNumber of each slice, by z index
 * @param encoding how HU are stored
 * @param noiseSd the image noise, HU (one standard deviation)
 * @param incomplete whether the scan cuts a solid organ off at its top or bottom edge
 */
record Acquisition(
    int rows,
    int columns,
    double pixelSpacing,
    double x0,
    double y0,
    double[] z,
    double sliceThickness,
    String patientPosition,
    int[] instanceNumbers,
    PixelEncoding encoding,
    double noiseSd,
    boolean incomplete) {

  int slices() {
    return z.length;
  }

  /** The distance between neighbouring slices (they are evenly spaced). */
  double sliceSpacing() {
    return z.length < 2 ? sliceThickness : (z[z.length - 1] - z[0]) / (z.length - 1);
  }

  /** A canvas for this grid. */
  SliceCanvas canvas() {
    return new SliceCanvas(rows, columns, x0, y0, pixelSpacing, pixelSpacing, sliceThickness / 2);
  }
}
