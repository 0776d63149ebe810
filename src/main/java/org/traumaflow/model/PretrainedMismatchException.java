package org.traumaflow.model;

import java.io.IOException;

/**
 * A state dict that does not fit the encoder it is loaded into: a tensor the encoder has no place
 * for, one it needs that is missing, or one of another shape. The message names the file, the
 * first such tensor and, for a shape, both shapes; nothing was loaded.
 */
public final class PretrainedMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public PretrainedMismatchException(String message) {
    super(message);
  }
}
