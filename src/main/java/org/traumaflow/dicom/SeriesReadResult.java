package org.traumaflow.dicom;

import java.util.List;
import org.traumaflow.dicom.data.DicomException;

/**
 * A series read with its unreadable files left out.
 *
 * @param series what was made of the readable slices (the {@link CtSeries}, or what a streaming
 *     decoder derived from them)
 * @param skipped why each left-out file could not be read (each names its file)
 */
public record SeriesReadResult<T>(T series, List<DicomException> skipped) {}
