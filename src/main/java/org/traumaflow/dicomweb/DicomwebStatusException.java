package org.traumaflow.dicomweb;

/** The server answered with an HTTP status other than success. */
public final class DicomwebStatusException extends DicomwebException {
  private final int status;

  public DicomwebStatusException(String url, int status, String reason) {
    super(url, "HTTP " + status + ": " + reason);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
