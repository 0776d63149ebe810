package org.traumaflow.storage;

/**
 * A checkpoint whose files do not match its manifest: a file missing, a file the manifest does
 * not list, a hash or size that differs, or no readable manifest. Nothing of such a checkpoint
 * is loaded. {@link #file()} is relative to the checkpoint folder.
 */
public final class CheckpointIntegrityException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public CheckpointIntegrityException(String file, String message) {
    super(file, message);
  }

  public CheckpointIntegrityException(String file, String message, Throwable cause) {
    super(file, message, cause);
  }
}
