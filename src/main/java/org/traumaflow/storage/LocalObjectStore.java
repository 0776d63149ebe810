package org.traumaflow.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** An {@link ObjectStore} in a local folder; writes go through {@link AtomicFiles}. */
public final class LocalObjectStore implements ObjectStore {
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
    AtomicFiles.write(file(key), content);
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
