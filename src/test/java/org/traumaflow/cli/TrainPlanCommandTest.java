package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;

/** {@code traumaflow train --plan}: sizing each model's micro-batch for a GPU before anything trains. */
@ExtendWith(SingleThreadedTorch.class)
class TrainPlanCommandTest {
  private static final String SPEC = "pipelines/train-tiny.yaml";

  @Test
  void itPrintsOneRowPerModelWithItsRunsAndAMicroBatchThatGrowsWithTheGpu() {
    CliRun small = CliRun.of("train", "--plan", "--spec", SPEC, "--gpu-memory", "0.5g");
    CliRun large = CliRun.of("train", "--plan", "--spec", SPEC, "--gpu-memory", "80g");

    assertEquals(0, small.exitCode(), small.stderr());
    assertEquals(0, large.exitCode(), large.stderr());
    String[] row = row(large.stdout());
    assertEquals("tiny-resnet18-organs", row[1].trim());
    assertEquals("4", row[2].trim(), "two folds x two seeds share the plan");
    assertEquals("64", row[3].trim(), "the spec's size");
    // The window's figure itself is not asserted: in this long-lived test JVM a tiny model's step reuses memory freed
    // by earlier tests without raising the resident peak, so it may read 0 here (train --plan runs in a fresh JVM).
    assertTrue(Double.parseDouble(row[5].trim()) >= 0, "a size in MB: " + large.stdout());
    assertEquals("2", row[6].trim(), "the spec's batch");
    assertEquals("2", row[7].trim(), "80 GiB holds the whole batch of a tiny model: " + large.stdout());
    assertEquals("1", row[8].trim(), "so nothing is accumulated");
    assertEquals("1", row[9].trim(), "the spec accumulates nothing, which fits");
    assertTrue(large.stdout().startsWith("Micro-batches for a GPU of 80.0 GiB, measured on "), large.stdout());
    assertEquals("does not fit", row(small.stdout())[7].trim(), "half a GiB leaves no room beside the CUDA context: " + small.stdout());
    assertEquals("1 (does not fit)", row(small.stdout())[9].trim(), "nor for the spec's own micro-batch: " + small.stdout());
  }

  @Test
  void aGpuSizeThatIsNoSizeIsRefused() {
    CliRun run = CliRun.of("train", "--plan", "--spec", SPEC, "--gpu-memory", "lots");
    assertEquals(2, run.exitCode());
    assertTrue(run.stderr().contains("--gpu-memory lots: give GiB as a number followed by g"), run.stderr());
  }

  @Test
  void trainingWithoutAnOutputIsRefusedNamingTheOption() {
    CliRun run = CliRun.of("train", "--spec", SPEC);
    assertEquals(2, run.exitCode());
    assertTrue(run.stderr().contains("train needs --output"), run.stderr());
  }

  private static String[] row(String table) {
    List<String> rows = table.lines().filter(l -> l.startsWith("| tiny-resnet18-organs |")).toList();
    assertEquals(1, rows.size(), table);
    return rows.get(0).split("\\|");
  }
}
