package org.traumaflow.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One writer per output location: a run takes {@value #KEY} before it writes and removes it when
 * it ends, so a second run pointed at the same location refuses with the first one's owner and
 * age instead of interleaving files. A lock left by a process that was killed is reclaimed: on
 * the same host when its process is gone, from another host when it is older than the
 * reclaim age (that host's liveness cannot be checked from here).
 *
 * <pre>{@code
 * try (OutputLock lock = OutputLock.acquire(ObjectStore.at(output), "score", Duration.ofHours(24))) {
 *   ... run the pipeline ...
 * }
 * }</pre>
 */
public final class OutputLock implements AutoCloseable {
  public static final String KEY = "traumaflow.lock.json";
  /** Reclaim age for a lock from another host: longer than any nightly run. */
  public static final Duration DEFAULT_RECLAIM_AGE = Duration.ofHours(24);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final byte[] mine;

  private OutputLock(ObjectStore store, byte[] mine) {
    this.store = store;
    this.mine = mine;
  }

  /** The location is held by a live run; the message names its owner and age. */
  public static final class LockedException extends IllegalStateException {
    LockedException(String message) {
      super(message);
    }
  }

  /**
   * The lock was taken over while this run held it (removed by hand and taken by a second run,
   * or reclaimed as stale): the run must not publish over the new owner's files.
   */
  public static final class LockLostException extends IllegalStateException {
    LockLostException(String message) {
      super(message);
    }
  }

  /**
   * What a run needs to check, wherever its steps run, that it still owns its output: the
   * location and the lock's bytes as this run wrote them.
   *
   * @param location the output location (folder or gs:// prefix)
   * @param owner the lock file's content as this run wrote it
   */
  public record Claim(String location, String owner) implements java.io.Serializable {
    /**
     * @throws LockLostException naming the lock and its present owner when the lock is no longer this run's
     */
    public void requireHeld() throws IOException {
      ObjectStore store = ObjectStore.at(location);
      byte[] now;
      try {
        now = store.read(KEY);
      } catch (java.nio.file.NoSuchFileException gone) {
        throw new LockLostException(store.uri(KEY) + " was removed while this run held it; publishing nothing, so that "
            + "another run's files are not overwritten");
      }
      if (!java.util.Arrays.equals(now, owner.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        throw new LockLostException(store.uri(KEY) + " was taken over while this run held it: " + describe(store, now)
            + "; publishing nothing, so that its files are not overwritten");
      }
    }
  }

  /** This run's claim on the location, for steps that check it before they publish. */
  public Claim claim() {
    return new Claim(store.uri(""), new String(mine, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Takes the location's lock for {@code command}.
   *
   * @throws LockedException when another live run holds it
   */
  public static OutputLock acquire(ObjectStore store, String command, Duration reclaimAge) throws IOException {
    byte[] mine = owner(command);
    store.update(KEY, current -> {
      if (current != null && held(current, reclaimAge)) {
        throw new LockedException(describe(store, current));
      }
      return mine;
    });
    return new OutputLock(store, mine);
  }

  /** Removes the lock if it is still this run's. */
  @Override
  public void close() throws IOException {
    try {
      if (java.util.Arrays.equals(store.read(KEY), mine)) {
        store.delete(KEY);
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      // Someone reclaimed it as stale (we were paused past the reclaim age): nothing of ours to remove.
    }
  }

  private static byte[] owner(String command) {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("command", command);
    owner.put("host", hostName());
    owner.put("pid", ProcessHandle.current().pid());
    owner.put("started", Instant.now().toString());
    // Two runs of one process (or of one PID reused) still write different locks, so a run can tell its own.
    owner.put("run", java.util.UUID.randomUUID().toString());
    try {
      return JSON.writeValueAsBytes(owner);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  /** Whether the lock in {@code bytes} belongs to a run that may still be writing. */
  private static boolean held(byte[] bytes, Duration reclaimAge) {
    JsonNode lock;
    try {
      lock = JSON.readTree(bytes);
    } catch (IOException unreadable) {
      // A lock we cannot read was not written by this code: leave it to a human.
      return true;
    }
    if (lock == null || !lock.has("pid") || !lock.has("started")) {
      return true;
    }
    if (lock.path("host").asText().equals(hostName())) {
      return ProcessHandle.of(lock.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
    }
    Instant started = Instant.parse(lock.get("started").asText());
    return Duration.between(started, Instant.now()).compareTo(reclaimAge) < 0;
  }

  private static String describe(ObjectStore store, byte[] bytes) {
    String owner;
    try {
      JsonNode lock = JSON.readTree(bytes);
      Duration age = Duration.between(Instant.parse(lock.get("started").asText()), Instant.now());
      owner = "'" + lock.path("command").asText() + "' (pid " + lock.path("pid").asText() + " on " + lock.path("host").asText()
          + ", started " + age.toMinutes() + " min ago)";
    } catch (IOException | RuntimeException unreadable) {
      owner = "an unknown writer";
    }
    return store.uri("") + " is being written by " + owner + "; wait for it, or remove " + store.uri(KEY)
        + " if that run is gone";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "unknown-host";
    }
  }
}
