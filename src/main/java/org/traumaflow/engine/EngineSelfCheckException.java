package org.traumaflow.engine;

/** libtorch computed wrong numbers in the self-check on this machine; nothing may train or score on it. */
public final class EngineSelfCheckException extends RuntimeException {
  public EngineSelfCheckException(String message) {
    super(message);
  }
}
