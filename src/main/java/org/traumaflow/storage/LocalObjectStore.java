package org.traumaflow.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local folder. A write prepares a temporary file ({@link AtomicFiles})
 * and renames it into place only if the target is still the file it was when the write began
 * (same file identity, time and size; every write makes a new file), checked and renamed under a
 * lock that other threads and other processes respect.
 */
public final class LocalObjectStore implements ObjectStore {
  /** One per target file in this JVM; a {@link FileLock} on a hidden sibling covers other processes. */
  private static final ConcurrentHashMap<Path, ReentrantLock> COMMIT_LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public byte[] read(String key) throws IOException {
    return Files.readAllBytes(file(key));
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(file(key));
  }

  @Override
  public void write(String key, AtomicFiles.Content content) throws IOException {
    Path target = file(key);
    replace(target, version(target), content);
  }

  @Override
  public byte[] update(String key, UnaryOperator<byte[]> change) throws IOException {
    Path target = file(key);
    return OptimisticUpdate.run(uri(key), () -> {
      Object version = version(target);
      byte[] current;
      try {
        current = version == null ? null : read(key);
      } catch (NoSuchFileException deleted) {
        throw new ConcurrentWriteException(uri(key), "deleted while it was read");
      }
      byte[] next = change.apply(current);
      replace(target, version, out -> out.write(next));
      return next;
    });
  }

  /** Writes {@code content} over {@code target} if the file there still has {@code expected} version. */
  private static void replace(Path target, Object expected, AtomicFiles.Content content) throws IOException {
    Path prepared = AtomicFiles.prepare(target, content);
    ReentrantLock inThisJvm = COMMIT_LOCKS.computeIfAbsent(target, t -> new ReentrantLock());
    inThisJvm.lock();
    try (FileChannel lockFile = FileChannel.open(target.resolveSibling("." + target.getFileName() + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acrossProcesses = lockFile.lock()) {
      if (!Objects.equals(expected, version(target))) {
        throw new ConcurrentWriteException(target.toString(), "the file was replaced");
      }
      AtomicFiles.commit(prepared, target);
    } finally {
      inThisJvm.unlock();
      Files.deleteIfExists(prepared);
    }
  }

  /** What identifies one written file: its file key (inode), modification time and size; null when absent. */
  private static Object version(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
    } catch (NoSuchFileException absent) {
      return null;
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(file(key));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path start = prefix.isEmpty() ? root : file(prefix);
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  @Override
  public String uri(String key) {
    return file(key).toString();
  }

  @Override
  public ObjectStore child(String key) {
    return new LocalObjectStore(file(key));
  }

  /** The key's file; a key that would leave the root is refused, since keys come from manifests. */
  private Path file(String key) {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException("key '" + key + "' leaves the store " + root);
    }
    return file;
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
