package org.traumaflow.label;

import java.io.IOException;

/** A label or submission CSV that cannot be used as it is; the message names the file, the line and what is wrong. */
public final class LabelFileException extends IOException {
  private final String file;

  public LabelFileException(String file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  /** The file that was refused. */
  public String file() {
    return file;
  }
}
