package org.traumaflow.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry loop behind {@link ObjectStore#update}: read, change, write only if the object is
 * still the one read; when another writer got there first, wait a little (randomised, doubling)
 * and start again from a fresh read, a bounded number of times.
 */
final class OptimisticUpdate {
  static final int ATTEMPTS = 5;
  private static final long FIRST_PAUSE_MILLIS = 50;

  private OptimisticUpdate() {}

  /** One read-change-conditional-write; throws {@link ConcurrentWriteException} when it lost. */
  @FunctionalInterface
  interface Attempt {
    byte[] run() throws IOException;
  }

  static byte[] run(String uri, Attempt attempt) throws IOException {
    long pause = FIRST_PAUSE_MILLIS;
    for (int tried = 1; ; tried++) {
      try {
        return attempt.run();
      } catch (ConcurrentWriteException lost) {
        if (tried == ATTEMPTS) {
          throw new ConcurrentWriteException(uri, "on each of " + ATTEMPTS + " attempts");
        }
        sleep(pause + ThreadLocalRandom.current().nextLong(pause));
        pause *= 2;
      }
    }
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted between update attempts");
    }
  }
}
