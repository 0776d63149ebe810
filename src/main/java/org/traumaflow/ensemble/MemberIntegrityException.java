package org.traumaflow.ensemble;

import org.traumaflow.storage.IntegrityException;

/**
 * An ensemble member whose file is not the one the spec pins: its SHA-256 differs, it is missing,
 * or the registry does not list it. Raised before anything is scored, so an ensemble never
 * silently mixes in a retrained or edited model. {@link #file()} is the file's full location.
 */
public final class MemberIntegrityException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public MemberIntegrityException(String file, String message) {
    super(file, message);
  }
}
