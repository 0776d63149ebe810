package org.traumaflow.cli;

/** A command's input is wrong in a way the user can fix; the message names what and where. */
public final class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }
}
