package org.traumaflow.dicom;

import org.traumaflow.dicom.data.DicomException;

/** The input looks like DICOM but its structure is broken: truncated, lengths that lie, bad items. */
public final class MalformedDicomException extends DicomException {
  public MalformedDicomException(String source, String reason) {
    super(source, reason);
  }

  public MalformedDicomException(String source, String reason, Throwable cause) {
    super(source, reason, cause);
  }
}
