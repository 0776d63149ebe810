package org.traumaflow.dicomweb;

import org.traumaflow.dicom.data.DicomException;

/** An instance of a series could not be fetched from the DICOMweb service, so its slice is missing. */
public final class UnretrievableInstanceException extends DicomException {
  public UnretrievableInstanceException(DicomwebException failure) {
    super(failure.location(), failure.reason(), failure);
  }
}
