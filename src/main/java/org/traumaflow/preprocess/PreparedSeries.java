package org.traumaflow.preprocess;

import java.util.List;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;

/**
 * A series after preprocessing: what is kept of it (identity, geometry, slice numbering), its
 * windowed volumes and the stage-1 input. The HU volume itself is dropped here.
 *
 * @param seriesInstanceUid (0020,000E)
 * @param geometry voxel positions of the full-resolution slices
 * @param instanceNumbers InstanceNumber of each full-resolution slice, assembled order
 * @param transferSyntaxUids the syntaxes the files used
 * @param issues irregularities found when assembling the series
 * @param volumes one windowed volume per variant
 * @param stage1 the segmentation model's input
 */
public record PreparedSeries(
    String seriesInstanceUid,
    SeriesGeometry geometry,
    int[] instanceNumbers,
    List<String> transferSyntaxUids,
    List<SeriesIssue> issues,
    List<WindowedVolume> volumes,
    Stage1Input stage1) {}
