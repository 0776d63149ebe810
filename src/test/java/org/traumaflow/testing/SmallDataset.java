package org.traumaflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.traumaflow.synth.CompetitionLayout;
import org.traumaflow.synth.SliceSyntax;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;

/**
 * One small synthetic dataset, generated once per test JVM and shared by the tests that only
 * read it: 6 training and 2 test patients, 96 x 96 slices, at most 40 slices a series, half
 * the patients injured. Deleted when the JVM exits.
 */
public final class SmallDataset {
  public static final long SEED = 20231;
  private static Path root;

  private SmallDataset() {}

  public static SynthConfig config(Path out) {
    return new SynthConfig(out, 6, 2, SEED, SliceSyntax.RLE, 96, 2, 40, true, null);
  }

  public static synchronized Path root() {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("traumaflow-synth-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        SyntheticDataset.generate(config(dir.resolve("data")), SyntheticDataset.Progress.NONE);
        root = dir.resolve("data");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  public static CompetitionLayout layout() {
    return new CompetitionLayout(root());
  }

  /** The real competition's label files. */
  public static Path reference(String file) {
    Path path = Paths.get("..", "shared", "reference", file);
    if (!Files.exists(path)) {
      throw new AssertionError("reference file " + path.toAbsolutePath() + " is missing: the tests compare against the real competition files in ../shared/reference");
    }
    return path;
  }

  /** Every series directory under train_images or test_images, sorted. */
  public static List<Path> seriesDirectories(boolean train) {
    try (Stream<Path> patients = Files.list(layout().images(train))) {
      List<Path> out = new ArrayList<>();
      for (Path patient : patients.sorted().toList()) {
        try (Stream<Path> series = Files.list(patient)) {
          out.addAll(series.sorted().toList());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The .dcm files of a series directory, sorted by name. */
  public static List<Path> slices(Path seriesDirectory) {
    try (Stream<Path> files = Files.list(seriesDirectory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".dcm")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at exit
    }
  }

  /** A private copy to damage. */
  public static Path copyTo(Path target) throws IOException {
    return copyTree(root(), target);
  }

  /**
   * Copies the folder {@code source} with everything under it to {@code target}, modification
   * times included (a copied dataset lists as the same input to the scoring ledger).
   */
  public static Path copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.toList()) {
        Path destination = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(p, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
  }
}
