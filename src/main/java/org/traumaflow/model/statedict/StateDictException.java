package org.traumaflow.model.statedict;

import java.io.IOException;

/**
 * A file that is not a state dict this project reads: not safetensors or a {@code torch.save}
 * archive, a pickle that does more than rebuild tensors (an opcode or a global outside the few a
 * state dict needs, refused rather than run), an element type it does not convert, or bytes that
 * do not add up. The message names the file and what is wrong.
 */
public final class StateDictException extends IOException {
  private static final long serialVersionUID = 1L;

  public StateDictException(String message) {
    super(message);
  }

  public StateDictException(String message, Throwable cause) {
    super(message, cause);
  }
}
