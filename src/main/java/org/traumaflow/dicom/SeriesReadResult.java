package org.traumaflow.dicom;

import java.util.List;

/**
 * A series read with its unreadable files left out.
 *
 * @param series the volume made of the readable slices
 * @param skipped why each left-out file could not be read (each names its file)
 */
public record SeriesReadResult(CtSeries series, List<DicomException> skipped) {}
