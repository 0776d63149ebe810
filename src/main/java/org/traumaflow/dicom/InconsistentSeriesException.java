package org.traumaflow.dicom;

import org.traumaflow.dicom.data.DicomException;

/** Files that cannot form one volume: several series, mixed sizes or orientations, nothing at all. */
public final class InconsistentSeriesException extends DicomException {
  public InconsistentSeriesException(String source, String reason) {
    super(source, reason);
  }
}
