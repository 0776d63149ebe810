package org.traumaflow.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  @TempDir Path dir;

  private static SynthConfig small(Path out, long seed, int threads) {
    return new SynthConfig(out, 4, 2, seed, SliceSyntax.RLE, 64, threads, 16, true, out.resolveSibling(out.getFileName() + ".png"));
  }

  @Test
  void theSameSeedGivesByteIdenticalFilesWhateverTheThreadCount() throws IOException {
    SyntheticDataset.generate(small(dir.resolve("one"), 99, 1), SyntheticDataset.Progress.NONE);
    SyntheticDataset.generate(small(dir.resolve("two"), 99, 3), SyntheticDataset.Progress.NONE);

    List<Path> one = files(dir.resolve("one"));
    assertEquals(one, files(dir.resolve("two")), "same files");
    assertFalse(one.isEmpty());
    for (Path relative : one) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(relative)), Files.readAllBytes(dir.resolve("two").resolve(relative)), relative.toString());
    }
    assertArrayEquals(Files.readAllBytes(dir.resolve("one.png")), Files.readAllBytes(dir.resolve("two.png")), "preview");
  }

  @Test
  void anotherSeedGivesAnotherDataset() throws IOException {
    SyntheticDataset.generate(small(dir.resolve("a"), 1, 2), SyntheticDataset.Progress.NONE);
    SyntheticDataset.generate(small(dir.resolve("b"), 2, 2), SyntheticDataset.Progress.NONE);
    assertFalse(Files.readString(dir.resolve("a/train.csv")).equals(Files.readString(dir.resolve("b/train.csv"))));
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
