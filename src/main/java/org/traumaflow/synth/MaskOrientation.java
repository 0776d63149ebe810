package org.traumaflow.synth;

import org.traumaflow.nifti.Affine;

/**
 * How a segmentation mask's voxel axes relate to its CT's pixel grid. None matches the DICOM
 * order (rows toward the back, columns toward the patient's left), as in the competition's masks,
 * so readers must use the affine. k always runs along z, lowest slice first.
 */
enum MaskOrientation {
  /** i toward the patient's right (columns reversed), j toward the front (rows reversed): RAS. */
  RAS(false, true, true),
  /** i toward the left (columns as stored), j toward the front: LAS, the radiological convention. */
  LAS(false, false, true),
  /** i toward the front (rows reversed), j toward the right (columns reversed): a transposed array. */
  ARS(true, true, true);

  private final boolean transposed;
  private final boolean flipColumns;
  private final boolean flipRows;

  MaskOrientation(boolean transposed, boolean flipColumns, boolean flipRows) {
    this.transposed = transposed;
    this.flipColumns = flipColumns;
    this.flipRows = flipRows;
  }

  int nx(int rows, int columns) {
    return transposed ? rows : columns;
  }

  int ny(int rows, int columns) {
    return transposed ? columns : rows;
  }

  /** Rearranges one slice's labels (rows x columns, row-major) into a k plane of the mask. */
  void toPlane(byte[] labels, int rows, int columns, byte[] plane) {
    int nx = nx(rows, columns);
    for (int r = 0; r < rows; r++) {
      int rr = flipRows ? rows - 1 - r : r;
      for (int c = 0; c < columns; c++) {
        int cc = flipColumns ? columns - 1 - c : c;
        int i = transposed ? rr : cc;
        int j = transposed ? cc : rr;
        plane[j * nx + i] = labels[r * columns + c];
      }
    }
  }

  /** The mask's voxel-to-RAS affine for a series on this acquisition's grid. */
  Affine affine(Acquisition a) {
    int rows = a.rows();
    int columns = a.columns();
    // Voxel (i, j, k) -> DICOM (column, row, slice index).
    double[] toColumn = new double[3];
    double[] toRow = new double[3];
    double columnOffset = flipColumns ? columns - 1 : 0;
    double rowOffset = flipRows ? rows - 1 : 0;
    double columnSign = flipColumns ? -1 : 1;
    double rowSign = flipRows ? -1 : 1;
    toColumn[transposed ? 1 : 0] = columnSign;
    toRow[transposed ? 0 : 1] = rowSign;
    Affine voxelToGrid = Affine.ofRows(
        new double[] {toColumn[0], toColumn[1], 0, columnOffset},
        new double[] {toRow[0], toRow[1], 0, rowOffset},
        new double[] {0, 0, 1, 0});
    double s = a.pixelSpacing();
    // DICOM (column, row, slice) -> LPS: axial slices, ImageOrientationPatient 1\0\0\0\1\0.
    Affine gridToLps = Affine.ofRows(
        new double[] {s, 0, 0, a.x0()},
        new double[] {0, s, 0, a.y0()},
        new double[] {0, 0, a.sliceSpacing(), a.z()[0]});
    return Affine.lpsToRas().compose(gridToLps).compose(voxelToGrid);
  }
}
