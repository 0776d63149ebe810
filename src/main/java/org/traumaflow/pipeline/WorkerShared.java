package org.traumaflow.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Read-only native resources (a loaded network) shared by every DoFn instance in one worker
 * JVM. A runner creates one DoFn instance per thread or task slot; loading a network in each
 * would multiply its memory and load time, so instances {@link #acquire} a handle in
 * {@code @Setup} and close it in {@code @Teardown}; the resource is closed when the last handle
 * is. The resource itself must be safe for concurrent use.
 */
final class WorkerShared {
  private static final Map<String, Entry> RESOURCES = new HashMap<>();

  private WorkerShared() {}

  /** Loads a resource; called at most once per key while any handle to it is open. */
  @FunctionalInterface
  interface Loader<T extends AutoCloseable> {
    T load() throws Exception;
  }

  /** One DoFn instance's claim on a shared resource. */
  static final class Handle<T extends AutoCloseable> implements AutoCloseable {
    private final String key;
    private final T resource;
    private boolean closed;

    private Handle(String key, T resource) {
      this.key = key;
      this.resource = resource;
    }

    /** How many DoFn instances of this JVM hold the resource, this one included. */
    int users() {
      return WorkerShared.users(key);
    }

    T get() {
      if (closed) {
        throw new IllegalStateException(key + ": handle already released");
      }
      return resource;
    }

    @Override
    public void close() throws Exception {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  private static final class Entry {
    final AutoCloseable resource;
    int users;

    Entry(AutoCloseable resource) {
      this.resource = resource;
    }
  }

  /** A handle on the resource under {@code key}, loading it if no open handle holds it. */
  @SuppressWarnings("unchecked")
  static synchronized <T extends AutoCloseable> Handle<T> acquire(String key, Loader<T> loader) throws Exception {
    Entry entry = RESOURCES.get(key);
    if (entry == null) {
      entry = new Entry(loader.load());
      RESOURCES.put(key, entry);
    }
    entry.users++;
    return new Handle<>(key, (T) entry.resource);
  }

  /** How many DoFn instances hold the resource under {@code key} (0 when it is not loaded). */
  static synchronized int users(String key) {
    Entry entry = RESOURCES.get(key);
    return entry == null ? 0 : entry.users;
  }

  private static synchronized void release(String key) throws Exception {
    Entry entry = RESOURCES.get(key);
    if (entry != null && --entry.users == 0) {
      RESOURCES.remove(key);
      entry.resource.close();
    }
  }
}
