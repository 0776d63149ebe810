package org.traumaflow.storage;

import java.io.IOException;

/**
 * Stored files that do not match what their manifest or format says (a file missing, a size or
 * SHA-256 that differs, content of the wrong shape): nothing they hold is used. Names the file at
 * fault, relative to the folder the manifest describes.
 */
public class IntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public IntegrityException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public IntegrityException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file at fault, relative to the folder its manifest describes. */
  public String file() {
    return file;
  }
}
