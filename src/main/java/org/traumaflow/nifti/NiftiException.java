package org.traumaflow.nifti;

import java.io.IOException;
import java.nio.file.Path;

/** A NIfTI file cannot be read or written as asked; the message names the file and the reason. */
public final class NiftiException extends IOException {
  private static final long serialVersionUID = 1L;

  public NiftiException(String message) {
    super(message);
  }

  public NiftiException(String message, Throwable cause) {
    super(message, cause);
  }

  /** This error as one that names {@code file}: itself when its message already starts with it. */
  public NiftiException naming(Path file) {
    return getMessage() != null && getMessage().startsWith(file.toString()) ? this : new NiftiException(file + ": " + getMessage(), this);
  }
}
