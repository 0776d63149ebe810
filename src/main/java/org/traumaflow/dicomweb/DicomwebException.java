package org.traumaflow.dicomweb;

import java.io.IOException;

/**
 * A DICOMweb request, or the set-up it needs (credentials, a CA file), failed. The message names
 * the URL or file and what went wrong, never a credential, so it can be shown and logged as it is.
 */
public class DicomwebException extends IOException {
  private final String location;
  private final String reason;

  public DicomwebException(String location, String reason) {
    this(location, reason, null);
  }

  public DicomwebException(String location, String reason, Throwable cause) {
    super(location + ": " + reason, cause);
    this.location = location;
    this.reason = reason;
  }

  /** The request's URL, or the local file at fault. */
  public String location() {
    return location;
  }

  /** What is wrong, without the URL. */
  public String reason() {
    return reason;
  }
}
