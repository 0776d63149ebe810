package org.traumaflow.storage;

import java.io.IOException;

/**
 * Another writer changed the object between this writer's read and its write, so this write was
 * refused and nothing of it is stored. {@link ObjectStore#update} retries on it; a plain
 * {@link ObjectStore#write} leaves the choice to its caller.
 */
public final class ConcurrentWriteException extends IOException {
  private final String uri;

  ConcurrentWriteException(String uri, String detail) {
    super(uri + ": changed by another writer while this one wrote it (" + detail + "); nothing was written");
    this.uri = uri;
  }

  /** The object's full address. */
  public String uri() {
    return uri;
  }
}
