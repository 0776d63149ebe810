package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TorchReference;
import org.traumaflow.volume.NpyArray;
import org.traumaflow.volume.SequenceSample;

/** A TorchScript member made by PyTorch at test time, run through the predictor and compared with PyTorch's own output. */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchScriptMemberTest {
  static final int SIZE = 48;

  Path dir;
  List<SequenceSample> windows;
  float[] expected;

  static NpyArray npy(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NpyArray.read(in);
    }
  }

  @BeforeAll
  void exportWithPyTorch(@TempDir Path folder) throws IOException {
    TorchReference.requireInstalled();
    dir = folder;
    ReferenceTools.python("reference/torchscript_member.py", dir.toString(), Integer.toString(SIZE), "2");
    NpyArray images = npy(dir.resolve("images.npy"));
    assertArrayEquals(new int[] {2, 32, 3, SIZE, SIZE}, images.shape());
    int perWindow = 32 * 3 * SIZE * SIZE;
    windows = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      byte[] bytes = Arrays.copyOfRange(images.data(), w * perWindow, (w + 1) * perWindow);
      windows.add(new SequenceSample(w, "1." + w, "ours", 0, SIZE, new int[96], bytes, new float[32 * 11], 8, new byte[32 * 4 * 64]));
    }
    NpyArray probabilities = npy(dir.resolve("probabilities.npy"));
    assertArrayEquals(new int[] {2, 32, 2}, probabilities.shape());
    expected = new float[2 * 32 * 2];
    ByteBuffer.wrap(probabilities.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
  }

  @Test
  void aTorchScriptMemberGivesPyTorchsProbabilities() throws IOException {
    try (SequencePredictor member = SequencePredictor.loadTorchScript(dir.resolve("member.pt"), SequenceTask.BOWEL_EXTRAVASATION, 2)) {
      List<float[][]> predicted = member.predict(windows);
      float largest = 0;
      for (int w = 0; w < 2; w++) {
        for (int step = 0; step < 32; step++) {
          for (int o = 0; o < 2; o++) {
            largest = Math.max(largest, Math.abs(predicted.get(w)[step][o] - expected[(w * 32 + step) * 2 + o]));
          }
        }
      }
      assertTrue(largest < 1e-5, "largest difference from PyTorch: " + largest);
      // one window at a time gives the same, and the study is the max over steps and windows
      assertArrayEquals(predicted.get(1)[5], member.predict(windows.get(1))[5], 1e-6f);
      float[] study = member.predictStudy(windows);
      for (int o = 0; o < 2; o++) {
        float max = 0;
        for (int i = o; i < expected.length; i += 2) {
          max = Math.max(max, expected[i]);
        }
        assertEquals(max, study[o], 1e-5);
      }
    }
  }

  @Test
  void aMemberWhoseOutputsDoNotFitTheTaskIsRefusedWithTheShapes() throws IOException {
    try (SequencePredictor member = SequencePredictor.loadTorchScript(dir.resolve("member.pt"), SequenceTask.ORGANS, 2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> member.predict(windows));
      assertTrue(e.getMessage().contains("(2, 32, 10)"), e.getMessage());
    }
  }
}
