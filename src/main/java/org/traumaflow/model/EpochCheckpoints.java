package org.traumaflow.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.traumaflow.storage.CheckpointFiles;

/**
 * The epoch checkpoints of one training run, a folder {@code epoch-NNN} each under {@code dir}:
 * a resumed run starts from the newest complete one, and only the newest is kept.
 */
public record EpochCheckpoints(Path dir) {
  private static final Pattern EPOCH_FOLDER = Pattern.compile("epoch-(\\d{3,})");

  /** The folder of epoch {@code epoch}'s checkpoint. */
  public Path folder(int epoch) {
    return dir.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
  }

  /** The newest complete epoch checkpoint, if any. */
  public Optional<Path> latest() throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(dir)) {
      return folders
          .filter(f -> EPOCH_FOLDER.matcher(f.getFileName().toString()).matches() && CheckpointFiles.isComplete(f))
          .max(Comparator.comparingInt(EpochCheckpoints::epochOf));
    }
  }

  /** Deletes every epoch's checkpoint before {@code epoch}'s. */
  void deleteBefore(int epoch) throws IOException {
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path old : folders.filter(f -> EPOCH_FOLDER.matcher(f.getFileName().toString()).matches() && epochOf(f) < epoch).toList()) {
        delete(old);
      }
    }
  }

  private static void delete(Path checkpoint) throws IOException {
    // The manifest first: a deletion cut short leaves an incomplete checkpoint, never a wrong one.
    Files.deleteIfExists(checkpoint.resolve(CheckpointFiles.MANIFEST));
    try (Stream<Path> files = Files.list(checkpoint)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(checkpoint);
  }

  private static int epochOf(Path folder) {
    Matcher m = EPOCH_FOLDER.matcher(folder.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(folder + " is not an epoch checkpoint");
    }
    return Integer.parseInt(m.group(1));
  }
}
