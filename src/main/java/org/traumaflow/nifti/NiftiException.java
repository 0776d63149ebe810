package org.traumaflow.nifti;

import java.io.IOException;

/** A NIfTI file cannot be read or written as asked; the message names the file and the reason. */
public final class NiftiException extends IOException {
  private static final long serialVersionUID = 1L;

  public NiftiException(String message) {
    super(message);
  }

  public NiftiException(String message, Throwable cause) {
    super(message, cause);
  }
}
