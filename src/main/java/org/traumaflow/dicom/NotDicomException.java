package org.traumaflow.dicom;

import org.traumaflow.dicom.data.DicomException;

/** The input is not a DICOM Part 10 file or dataset at all (no DICM marker, no plausible tags). */
public final class NotDicomException extends DicomException {
  public NotDicomException(String source, String reason) {
    super(source, reason);
  }
}
