package org.traumaflow.dicomweb;

/** The server answered, but not with what the request asks for: not QIDO-RS JSON, not multipart/related DICOM. */
public final class MalformedResponseException extends DicomwebException {
  public MalformedResponseException(String url, String reason) {
    super(url, reason);
  }
}
