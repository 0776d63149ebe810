package org.traumaflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.testing.SingleThreadedTorch;

/** The benchmark at the tiny size only: its rows and columns, not its times. */
@ExtendWith(SingleThreadedTorch.class)
class SequenceModelBenchmarkTest {

  @Test
  void theTinyRunGivesOneRowPerEncoderWithResNet18AsTheBaseline() {
    StringWriter progress = new StringWriter();
    List<SequenceModelBenchmark.Row> rows =
        new SequenceModelBenchmark(new SequenceModelBenchmark.Settings(1, 1, List.of()), new PrintWriter(progress)).run();
    assertEquals(List.of("RESNET18", "RESNET34", "EFFICIENTNET_V2_S"), rows.stream().map(SequenceModelBenchmark.Row::encoder).toList());
    assertEquals(1.0, rows.get(0).ratio(), 1e-12);
    for (SequenceModelBenchmark.Row r : rows) {
      assertTrue(r.trainStepSeconds() > 0 && r.windowsPerSecond() > 0 && r.parameters() > 0, r.toString());
    }
    String[] lines = SequenceModelBenchmark.table(rows).split("\n");
    assertEquals(2 + 3, lines.length);
    assertTrue(lines[2].startsWith("| RESNET18 | tiny | 64 | "), lines[2]);
    assertTrue(progress.toString().contains("EFFICIENTNET_V2_S tiny at 64 px"), progress.toString());
  }

  @Test
  void theAugmentationIsTimedAtEachSize() {
    var bench = new SequenceModelBenchmark(new SequenceModelBenchmark.Settings(1, 1, List.of(96)), new PrintWriter(new StringWriter()));
    List<SequenceModelBenchmark.AugmentationRow> rows = bench.augmentation();
    assertEquals(List.of(64, 96), rows.stream().map(SequenceModelBenchmark.AugmentationRow::inputSize).toList());
    assertTrue(SequenceModelBenchmark.augmentationTable(rows).contains("| all four drawn | 96 | "));
  }
}
