package org.traumaflow.dicom.data;

/**
 * A DICOM input could not be read. Every subtype names the offending source (a file path or
 * another label) and says what is wrong with it, so a user can act on the one-line message.
 */
public class DicomException extends Exception {
  private final String source;
  private final String reason;

  public DicomException(String source, String reason) {
    this(source, reason, null);
  }

  public DicomException(String source, String reason, Throwable cause) {
    super(source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
  }

  /** The file or stream the error is about. */
  public String source() {
    return source;
  }

  /** What is wrong, without the source. */
  public String reason() {
    return reason;
  }
}
