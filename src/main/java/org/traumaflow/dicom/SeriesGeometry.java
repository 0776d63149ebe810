package org.traumaflow.dicom;

/**
 * Where a series' voxels are in patient space (LPS, mm).
 *
 * @param rows pixels per column of a slice
 * @param columns pixels per row of a slice
 * @param pixelSpacing row spacing (between rows) then column spacing, mm
 * @param imageOrientation row direction cosines then column direction cosines
 * @param firstPosition ImagePositionPatient of the first slice in assembled order
 * @param slicePositions each slice's position along the slice normal (row x column), mm,
 *     in assembled order, increasing
 */
public record SeriesGeometry(
    int rows,
    int columns,
    double[] pixelSpacing,
    double[] imageOrientation,
    double[] firstPosition,
    double[] slicePositions) {

  public int slices() {
    return slicePositions.length;
  }

  /** The unit normal of the slices: row direction x column direction. */
  public double[] sliceNormal() {
    return normalOf(imageOrientation);
  }

  /** The unit normal of slices with the given ImageOrientationPatient. */
  public static double[] normalOf(double[] o) {
    return new double[] {
      o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]
    };
  }

  /** The median distance between neighbouring slices, mm; 0 for a single slice. */
  public double medianSliceSpacing() {
    if (slicePositions.length < 2) {
      return 0;
    }
    double[] gaps = new double[slicePositions.length - 1];
    for (int i = 0; i < gaps.length; i++) {
      gaps[i] = slicePositions[i + 1] - slicePositions[i];
    }
    java.util.Arrays.sort(gaps);
    int mid = gaps.length / 2;
    return gaps.length % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  }
}
