package org.traumaflow.spec;

/** A pipeline spec that cannot be used; the message names the file and the fault. */
public final class InvalidSpecException extends Exception {
  public InvalidSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
