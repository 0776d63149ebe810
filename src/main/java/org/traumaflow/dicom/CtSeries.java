package org.traumaflow.dicom;

import java.util.List;

/**
 * One CT series as later stages need it: HU as a compact int16 volume in assembled order
 * (slices along the slice normal, increasing; each slice row-major), its geometry, and the
 * header values the preprocessing variants read.
 *
 * @param patientId (0010,0020)
 * @param studyInstanceUid (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param geometry voxel positions
 * @param instanceNumbers each slice's InstanceNumber, in assembled order (labels refer to them)
 * @param hu slices x rows x columns HU values, rescale applied, rounded, clamped to int16
 * @param display the file's own display window and photometric interpretation
 * @param pixelPaddingHu PixelPaddingValue (0028,0120) through the modality LUT: the value
 *     scanners put outside the reconstructed field of view; NaN when the files declare none
 * @param transferSyntaxUids the transfer syntaxes its files used
 * @param issues irregularities found while assembling it (duplicates, gaps)
 */
public record CtSeries(
    String patientId,
    String studyInstanceUid,
    String seriesInstanceUid,
    SeriesGeometry geometry,
    int[] instanceNumbers,
    short[] hu,
    DisplayWindow display,
    double pixelPaddingHu,
    List<String> transferSyntaxUids,
    List<SeriesIssue> issues) {

  public int slices() {
    return geometry.slices();
  }

  public int rows() {
    return geometry.rows();
  }

  public int columns() {
    return geometry.columns();
  }

  /** The HU value at (slice, row, column). */
  public short hu(int slice, int row, int column) {
    return hu[(slice * geometry.rows() + row) * geometry.columns() + column];
  }
}
