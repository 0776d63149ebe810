package org.traumaflow.dicom;

import java.util.List;

/**
 * The files of one series in assembled order, with their geometry and any irregularities.
 * A single multi-frame file is one entry whose frames are the slices.
 */
public record SeriesLayout(List<SliceHeader> files, SeriesGeometry geometry, List<SeriesIssue> issues) {}
