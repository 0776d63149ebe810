package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.traumaflow.testing.ReferenceTools;

class SequenceConfigTest {

  @Test
  void defaultsAreMethodMds() {
    assertEquals(new SequenceConfig(384, 96, 100, 2, 400, 96), SequenceConfig.method());
    assertEquals(new SequenceConfig(64, 16, 100, 2, 400, 96), SequenceConfig.method(64));
  }

  @ParameterizedTest(name = "size {0}, masks {1}, step {2}, stride {3}, cutoff {4}, keep {5}")
  @CsvSource({
      "0, 1, 100, 2, 400, 96",
      "4096, 96, 100, 2, 400, 96",
      "384, 0, 100, 2, 400, 96",
      "384, 385, 100, 2, 400, 96",
      "384, 96, 95, 2, 400, 96",
      "384, 96, 100, 0, 400, 96",
      "384, 96, 100, 2, 0, 96",
      "384, 96, 100, 2, 400, 90"})
  void anInconsistentConfigIsRefusedWhereItIsMade(int size, int maskSize, int step, int stride, int cutoff, int keep) {
    assertThrows(IllegalArgumentException.class, () -> new SequenceConfig(size, maskSize, step, stride, cutoff, keep));
  }

  @Test
  void canonicalJsonIsSortedSnakeCaseWithoutSpaces() {
    assertEquals("{\"keep\":96,\"mask_size\":96,\"size\":384,\"step\":100,\"stride\":2,\"stride_cutoff\":400}",
        SequenceConfig.method().toJson());
  }

  @Test
  void theHashIsSha256OfTheCanonicalJsonAndTellsConfigsApart() {
    String json = SequenceConfig.method().toJson();
    String python = ReferenceTools.run(ReferenceTools.PYTHON, "-c",
        "import hashlib, sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", json).trim();
    assertEquals(python, SequenceConfig.method().sha256());
    assertNotEquals(SequenceConfig.method().sha256(), SequenceConfig.method(256).sha256());
  }
}
