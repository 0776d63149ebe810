package org.traumaflow.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a folder of files (a checkpoint, a run) between a local directory and an
 * {@link ObjectStore}. A file named {@value #MANIFEST} is copied last, because its presence is
 * what tells a reader the folder is complete.
 */
public final class FolderTransfer {
  public static final String MANIFEST = "manifest.json";

  private FolderTransfer() {}

  /** Uploads every file under {@code dir} to {@code target}, keeping relative names; the manifest goes last. */
  public static void upload(Path dir, ObjectStore target) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList());
    }
    files.sort((a, b) -> Boolean.compare(isManifest(dir, a), isManifest(dir, b)));
    for (Path file : files) {
      String key = dir.relativize(file).toString().replace('\\', '/');
      target.write(key, out -> Files.copy(file, out));
    }
  }

  /**
   * Downloads every object under {@code source} into {@code dir}, the manifest last, each file
   * atomically, so an interrupted download never leaves a manifest beside partial files.
   */
  public static void download(ObjectStore source, Path dir) throws IOException {
    List<String> keys = new ArrayList<>(source.list(""));
    if (keys.isEmpty()) {
      throw new java.nio.file.NoSuchFileException(source.uri(""), null, "nothing stored there");
    }
    keys.sort((a, b) -> Boolean.compare(a.equals(MANIFEST), b.equals(MANIFEST)));
    for (String key : keys) {
      Path file = dir.resolve(key).normalize();
      if (!file.startsWith(dir.normalize())) {
        throw new IOException(source.uri(key) + ": name leaves the folder " + dir);
      }
      try (InputStream in = source.open(key)) {
        AtomicFiles.write(file, out -> in.transferTo(out));
      }
    }
  }

  private static boolean isManifest(Path dir, Path file) {
    return dir.relativize(file).toString().equals(MANIFEST);
  }
}
