package org.traumaflow.pipeline.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only native resources (a loaded network) shared by every DoFn instance in one worker
 * JVM, and kept for the next run in it. A runner creates one DoFn instance per thread or task
 * slot; loading a network in each would multiply its memory and load time, so instances
 * {@link #acquire} a handle in {@code @Setup} and close it in {@code @Teardown}.
 *
 * <p>When the last handle closes, the resource stays loaded, idle: {@code score} runs a pass per
 * batch of studies and every pass sets its DoFns up again, and an embedded runner's next job runs
 * in the same JVM. An idle resource is closed when a resource of the same kind (the key up to its
 * first ':', e.g. {@code organ-segmenter}) that is not loaded is acquired, since a different
 * checkpoint of a kind means the old one is no longer wanted, and so never holds its memory
 * beside its replacement's for longer than that load. Keys therefore name what was loaded exactly:
 * a checkpoint's location and its content's identity (SHA-256, or size and modification time).
 * The resource itself must be safe for concurrent use.
 */
public final class WorkerShared {
  private static final Map<String, Entry> RESOURCES = new HashMap<>();
  private static long loads;

  private WorkerShared() {}

  /** Loads a resource; called at most once per key while it is loaded. */
  @FunctionalInterface
  public interface Loader<T extends AutoCloseable> {
    T load() throws Exception;
  }

  /** One DoFn instance's claim on a shared resource. */
  public static final class Handle<T extends AutoCloseable> implements AutoCloseable {
    private final String key;
    private final T resource;
    private boolean closed;

    private Handle(String key, T resource) {
      this.key = key;
      this.resource = resource;
    }

    /** How many DoFn instances of this JVM hold the resource, this one included. */
    public int users() {
      return WorkerShared.users(key);
    }

    public T get() {
      if (closed) {
        throw new IllegalStateException(key + ": handle already released");
      }
      return resource;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  private static final class Entry {
    final AutoCloseable resource;
    public int users;

    Entry(AutoCloseable resource) {
      this.resource = resource;
    }
  }

  /**
   * A handle on the resource under {@code key}, loading it if it is not loaded; idle resources of
   * the same kind are closed before a load.
   */
  @SuppressWarnings("unchecked")
  public static synchronized <T extends AutoCloseable> Handle<T> acquire(String key, Loader<T> loader) throws Exception {
    Entry entry = RESOURCES.get(key);
    if (entry == null) {
      closeIdle(kind(key));
      entry = new Entry(loader.load());
      RESOURCES.put(key, entry);
      loads++;
    }
    entry.users++;
    return new Handle<>(key, (T) entry.resource);
  }

  /** How many DoFn instances hold the resource under {@code key} (0 when it is idle or not loaded). */
  public static synchronized int users(String key) {
    Entry entry = RESOURCES.get(key);
    return entry == null ? 0 : entry.users;
  }

  /** Resources loaded in this JVM so far. */
  public static synchronized long loads() {
    return loads;
  }

  /** Resources loaded now, used or idle. */
  public static synchronized int resident() {
    return RESOURCES.size();
  }

  /** Whether the resource under {@code key} is loaded, used or idle. */
  static synchronized boolean loaded(String key) {
    return RESOURCES.containsKey(key);
  }

  private static synchronized void release(String key) {
    Entry entry = RESOURCES.get(key);
    if (entry != null && entry.users > 0) {
      entry.users--;
    }
  }

  private static void closeIdle(String kind) throws Exception {
    List<String> idle = new ArrayList<>();
    RESOURCES.forEach((key, entry) -> {
      if (entry.users == 0 && kind(key).equals(kind)) {
        idle.add(key);
      }
    });
    for (String key : idle) {
      RESOURCES.remove(key).resource.close();
    }
  }

  private static String kind(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }
}
