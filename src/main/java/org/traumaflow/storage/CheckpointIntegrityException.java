package org.traumaflow.storage;

import java.io.IOException;

/**
 * A checkpoint whose files do not match its manifest: a file missing, a file the manifest does
 * not list, a hash or size that differs, or no readable manifest. Nothing of such a checkpoint
 * is loaded.
 */
public final class CheckpointIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public CheckpointIntegrityException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public CheckpointIntegrityException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The checkpoint file at fault, relative to the checkpoint folder. */
  public String file() {
    return file;
  }
}
