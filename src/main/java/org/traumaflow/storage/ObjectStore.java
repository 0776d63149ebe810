package org.traumaflow.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where checkpoints, runs and datasets are kept: a local folder or a Cloud Storage prefix,
 * behind one interface so the code that writes a checkpoint does not care which.
 *
 * <p>Keys are relative, '/'-separated names under the store's root. Every write is all or
 * nothing: a reader sees the previous object or the complete new one, never a part (a local
 * store writes a temporary file and renames it; Cloud Storage makes an object visible only when
 * its upload completes, and checks it against the CRC32C and MD5 of the bytes sent). A write
 * that races another writer of the same key is refused, not interleaved: the object changed
 * since the write began (Cloud Storage: its generation; a local file: its identity) fails it
 * with {@link ConcurrentWriteException}. Implementations are thread-safe.
 *
 * <pre>{@code
 * ObjectStore runs = ObjectStore.at("gs://my-bucket/runs");
 * runs.write("fold0-seed1/metrics.json", out -> out.write(json));
 * }</pre>
 */
public interface ObjectStore {

  /**
   * The store for {@code location}: {@code gs://bucket[/prefix]} goes to Cloud Storage with the
   * application default credentials, anything else is a local folder.
   */
  static ObjectStore at(String location) {
    if (GcsObjectStore.isGcs(location)) {
      return at(location, StorageOptions.getDefaultInstance().getService());
    }
    return new LocalObjectStore(Path.of(location));
  }

  /** As {@link #at(String)}, with the Cloud Storage client to use for {@code gs://} locations. */
  static ObjectStore at(String location, Storage client) {
    if (GcsObjectStore.isGcs(location)) {
      return GcsObjectStore.of(client, location);
    }
    return new LocalObjectStore(Path.of(location));
  }

  /** The whole object; {@link java.nio.file.NoSuchFileException} naming its URI when it is absent. */
  byte[] read(String key) throws IOException;

  /** The object as a stream, for objects too large to hold in memory. */
  InputStream open(String key) throws IOException;

  /**
   * Writes the object whole or not at all, replacing an existing one; {@link
   * ConcurrentWriteException} if another writer replaced it while this write ran.
   */
  void write(String key, AtomicFiles.Content content) throws IOException;

  default void write(String key, byte[] bytes) throws IOException {
    write(key, out -> out.write(bytes));
  }

  /**
   * Read-modify-write of a small object that several writers change, such as a registry of
   * published models: {@code change} gets the current bytes (null when there is no object) and
   * returns the new ones, which are written only if the object is still the one read. When
   * another writer got there first, the object is read again and {@code change} applied again,
   * up to 5 times, so {@code change} must depend on its argument alone.
   *
   * <pre>{@code
   * registry.update("models.json", current -> Registry.parse(current).with(entry).toJson());
   * }</pre>
   *
   * @return the bytes written
   * @throws ConcurrentWriteException when other writers won every attempt; nothing was written
   */
  byte[] update(String key, UnaryOperator<byte[]> change) throws IOException;

  boolean exists(String key) throws IOException;

  /** Keys under {@code prefix} (a folder-like prefix, "" for all), sorted; objects only, no folders. */
  List<String> list(String prefix) throws IOException;

  /** Removes the object if it exists. */
  void delete(String key) throws IOException;

  /** The object's full address, for messages and records ({@code gs://b/p/key} or an absolute path). */
  String uri(String key);

  /** The store under {@code key} as its root. */
  ObjectStore child(String key);
}
