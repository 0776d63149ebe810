package org.traumaflow.nifti;

import java.util.Locale;
import org.traumaflow.dicom.SeriesGeometry;

/**
 * Puts a NIfTI label mask onto a DICOM series' voxel grid, so that mask voxel and CT voxel
 * line up whatever order and orientation the mask was stored in.
 *
 * <p>For each DICOM voxel (slice s, row r, column c) its patient position in DICOM's LPS
 * coordinates is {@code P_s + c * columnSpacing * rowDirection + r * rowSpacing * columnDirection},
 * where {@code P_s} is slice s's ImagePositionPatient (the first slice's, moved along the slice
 * normal to slice s's position: slices are assumed parallel and untilted). Negating x and y turns
 * LPS into NIfTI's RAS; the inverse of the mask's affine then gives a fractional voxel index
 * (i, j, k), rounded to the nearest voxel. Voxels that fall outside the mask read 0.
 */
public final class DicomGridMapper {
  private DicomGridMapper() {}

  /**
   * The mask's label at every voxel of {@code geometry}, as slices x rows x columns in the
   * series' assembled order (that of {@code CtSeries.hu}).
   *
   * @throws NiftiException when the mask has no orientation (no sform or qform), or holds values
   *     that are not labels (non-integers or outside 0..255)
   */
  public static byte[] labelsOnGrid(NiftiImage mask, SeriesGeometry geometry) throws NiftiException {
    if (mask.affineSource() == AffineSource.PIXDIM_ONLY) {
      throw new NiftiException("the mask has neither sform nor qform: its orientation relative to the CT is unknown");
    }
    byte[] labels = labelVolume(mask);
    NiftiHeader h = mask.header();
    int nx = h.nx();
    int ny = h.ny();
    int nz = h.nz();
    Affine worldToVoxel = worldToVoxel(h);

    double[] o = geometry.imageOrientation();
    double[] rowDirection = {o[0], o[1], o[2]};
    double[] columnDirection = {o[3], o[4], o[5]};
    double rowSpacing = geometry.pixelSpacing()[0];
    double columnSpacing = geometry.pixelSpacing()[1];
    double[] normal = geometry.sliceNormal();
    double[] stepColumn = worldToVoxel.applyToVector(scale(rowDirection, columnSpacing));
    double[] stepRow = worldToVoxel.applyToVector(scale(columnDirection, rowSpacing));

    int rows = geometry.rows();
    int columns = geometry.columns();
    int slices = geometry.slices();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(slices, rows), columns)];
    double[] first = geometry.firstPosition();
    double[] positions = geometry.slicePositions();
    for (int s = 0; s < slices; s++) {
      double shift = positions[s] - positions[0];
      double[] origin = {first[0] + shift * normal[0], first[1] + shift * normal[1], first[2] + shift * normal[2]};
      double[] v0 = worldToVoxel.apply(origin);
      int base = s * rows * columns;
      for (int r = 0; r < rows; r++) {
        double vi = v0[0] + r * stepRow[0];
        double vj = v0[1] + r * stepRow[1];
        double vk = v0[2] + r * stepRow[2];
        int rowBase = base + r * columns;
        for (int c = 0; c < columns; c++) {
          int i = (int) Math.floor(vi + c * stepColumn[0] + 0.5);
          int j = (int) Math.floor(vj + c * stepColumn[1] + 0.5);
          int k = (int) Math.floor(vk + c * stepColumn[2] + 0.5);
          if (i >= 0 && i < nx && j >= 0 && j < ny && k >= 0 && k < nz) {
            out[rowBase + c] = labels[(k * ny + j) * nx + i];
          }
        }
      }
    }
    return out;
  }

  /**
   * Checks that a mask with this header covers every voxel of {@code geometry}: a mask that
   * ends inside the series would read 0 beyond its edge, which looks like "no organ there".
   * The series' corners may lie up to one mask voxel beyond the mask's edge voxels, since a mask
   * resampled to another grid may stop a fraction of a voxel short.
   *
   * @throws NiftiException naming the first corner of the series that lies outside the mask
   */
  public static void requireCovers(NiftiHeader h, SeriesGeometry geometry) throws NiftiException {
    Affine worldToVoxel = worldToVoxel(h);
    int[] size = {h.nx(), h.ny(), h.nz()};
    double[] o = geometry.imageOrientation();
    double[] normal = geometry.sliceNormal();
    double[] first = geometry.firstPosition();
    double[] positions = geometry.slicePositions();
    int[] slices = {0, geometry.slices() - 1};
    int[] rows = {0, geometry.rows() - 1};
    int[] columns = {0, geometry.columns() - 1};
    for (int s : slices) {
      for (int r : rows) {
        for (int c : columns) {
          double shift = positions[s] - positions[0];
          double across = c * geometry.pixelSpacing()[1];
          double down = r * geometry.pixelSpacing()[0];
          double[] lps = new double[3];
          for (int axis = 0; axis < 3; axis++) {
            lps[axis] = first[axis] + shift * normal[axis] + across * o[axis] + down * o[3 + axis];
          }
          double[] ijk = worldToVoxel.apply(lps);
          for (int axis = 0; axis < 3; axis++) {
            if (ijk[axis] < -1 || ijk[axis] > size[axis]) {
              throw new NiftiException(String.format(Locale.ROOT,
                  "the mask (%d x %d x %d voxels) does not cover the series: its voxel (slice %d, row %d, column %d) falls at mask index"
                      + " (%.1f, %.1f, %.1f), outside the mask; is it the mask of another series?",
                  size[0], size[1], size[2], s, r, c, ijk[0], ijk[1], ijk[2]));
            }
          }
        }
      }
    }
  }

  /** DICOM LPS mm to the mask's voxel index: the inverse of the mask's affine after LPS to RAS. */
  private static Affine worldToVoxel(NiftiHeader h) {
    return h.affine().inverse().compose(Affine.lpsToRas());
  }

  /** The mask's voxels as labels 0..255, in file order (i fastest). */
  static byte[] labelVolume(NiftiImage mask) throws NiftiException {
    if (mask.header().dataType() == NiftiDataType.UINT8 && !mask.scaled()) {
      return mask.data();
    }
    NiftiHeader h = mask.header();
    long count = h.voxelCount();
    byte[] labels = new byte[Math.toIntExact(count)];
    int index = 0;
    for (int k = 0; k < h.nz(); k++) {
      for (int j = 0; j < h.ny(); j++) {
        for (int i = 0; i < h.nx(); i++) {
          double v = mask.value(i, j, k);
          long label = Math.round(v);
          if (Math.abs(v - label) > 1e-3 || label < 0 || label > 255) {
            throw new NiftiException(
                "mask voxel (" + i + ", " + j + ", " + k + ") is " + v + ", not a label in 0..255");
          }
          labels[index++] = (byte) label;
        }
      }
    }
    return labels;
  }

  private static double[] scale(double[] v, double factor) {
    return new double[] {v[0] * factor, v[1] * factor, v[2] * factor};
  }
}
