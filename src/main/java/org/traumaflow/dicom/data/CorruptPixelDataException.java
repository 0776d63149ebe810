package org.traumaflow.dicom.data;

/** The header is sound but the pixel data cannot be decoded into the declared image. */
public final class CorruptPixelDataException extends DicomException {
  public CorruptPixelDataException(String source, String reason) {
    super(source, reason);
  }

  public CorruptPixelDataException(String source, String reason, Throwable cause) {
    super(source, reason, cause);
  }
}
