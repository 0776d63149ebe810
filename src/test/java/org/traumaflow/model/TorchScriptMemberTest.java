package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TorchScriptMember;

/** A TorchScript member made by PyTorch at test time, run through the predictor and compared with PyTorch's own output. */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchScriptMemberTest {
  static final int SIZE = 48;

  TorchScriptMember reference;
  List<SequenceSample> windows;

  @BeforeAll
  void exportWithPyTorch(@TempDir Path folder) throws IOException {
    reference = TorchScriptMember.export(folder, SIZE, 2);
    windows = List.of(reference.window(0, 0, "1.0", "ours", 0), reference.window(1, 1, "1.1", "ours", 0));
  }

  @Test
  void aTorchScriptMemberGivesPyTorchsProbabilities() throws IOException {
    try (SequencePredictor member = SequencePredictor.loadTorchScript(reference.file(), SequenceTask.BOWEL_EXTRAVASATION, 2)) {
      List<float[][]> predicted = member.predict(windows);
      float largest = 0;
      for (int w = 0; w < 2; w++) {
        for (int step = 0; step < 32; step++) {
          for (int o = 0; o < 2; o++) {
            largest = Math.max(largest, Math.abs(predicted.get(w)[step][o] - reference.probabilities()[w][step][o]));
          }
        }
      }
      assertTrue(largest < 1e-5, "largest difference from PyTorch: " + largest);
      // one window at a time gives the same, and the study is the max over steps and windows
      assertArrayEquals(predicted.get(1)[5], member.predict(windows.get(1))[5], 1e-6f);
      float[] study = member.predictStudy(windows);
      for (int o = 0; o < 2; o++) {
        float max = 0;
        for (float[][] window : reference.probabilities()) {
          for (float[] step : window) {
            max = Math.max(max, step[o]);
          }
        }
        assertEquals(max, study[o], 1e-5);
      }
    }
  }

  @Test
  void aMemberWhoseOutputsDoNotFitTheTaskIsRefusedWithTheShapes() throws IOException {
    try (SequencePredictor member = SequencePredictor.loadTorchScript(reference.file(), SequenceTask.ORGANS, 2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> member.predict(windows));
      assertTrue(e.getMessage().contains("(2, 32, 10)"), e.getMessage());
    }
  }
}
