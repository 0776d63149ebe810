package org.traumaflow.dicom;

import org.traumaflow.dicom.data.DicomException;

/** A valid DICOM object without an image: a structured report, a presentation state, ... */
public final class NotAnImageException extends DicomException {
  public NotAnImageException(String source, String reason) {
    super(source, reason);
  }
}
