package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * Windows forwarded several at a time give the probabilities they get one at a time: batch norm
 * runs on its running statistics at inference, so a window's neighbours in a batch change nothing.
 * The same holds for a window's triplets taken through the encoder a few at a time. The two
 * encoders of the tiny zoo, untrained (their batch norm statistics differ from a batch's own, so a
 * training-mode forward would show).
 */
@ExtendWith(SingleThreadedTorch.class)
class BatchedInferenceTest {

  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "EFFICIENTNET_V2_S"})
  void windowsForwardedTogetherGetTheProbabilitiesTheyGetAlone(EncoderName encoder) {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, encoder);
    List<SequenceSample> windows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      windows.add(window(config.inputSize(), i));
    }
    try (SequencePredictor member = SequencePredictor.of(SequenceModel.create(config, 3), 4)) {
      List<float[][]> together = member.predict(windows); // a batch of 4, then one of 1

      for (int i = 0; i < windows.size(); i++) {
        float[][] alone = member.predict(windows.get(i));
        for (int step = 0; step < SequenceSample.STEPS; step++) {
          assertArrayEquals(alone[step], together.get(i)[step], 1e-6f, "window " + i + ", step " + step);
        }
      }
    }
  }

  /**
   * A CPU scores fastest with a few triplets per encoder pass; the probabilities are those of the
   * whole window in one pass, for a pass that divides the window's 32 triplets, one that does not,
   * and one triplet at a time, with several windows in the GRU's batch.
   */
  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "EFFICIENTNET_V2_S"})
  void encoderPassesOfAFewTripletsGetTheProbabilitiesOfWholeWindows(EncoderName encoder) {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, encoder);
    List<SequenceSample> windows = List.of(window(config.inputSize(), 7), window(config.inputSize(), 8), window(config.inputSize(), 9));
    List<float[][]> whole;
    try (SequencePredictor member = SequencePredictor.of(SequenceModel.create(config, 3), InferenceBatch.wholeWindows(2))) {
      whole = member.predict(windows);
    }
    for (int triplets : new int[] {4, 5, 1}) {
      try (SequencePredictor member = SequencePredictor.of(SequenceModel.create(config, 3), new InferenceBatch(2, triplets))) {
        List<float[][]> passes = member.predict(windows);
        for (int i = 0; i < windows.size(); i++) {
          for (int step = 0; step < SequenceSample.STEPS; step++) {
            assertArrayEquals(whole.get(i)[step], passes.get(i)[step], 1e-6f, triplets + " triplets a pass: window " + i + ", step " + step);
          }
        }
      }
    }
  }

  @Test
  void aGpuTakesWholeWindowsWhateverTheTripletsPerPassSaySoOneSpecServesBoth() {
    InferenceBatch spec = new InferenceBatch(3, 2);
    assertEquals(new InferenceBatch(3, 96), spec.on(Device.gpu()));
    assertEquals(spec, spec.on(Device.cpu()));
  }

  @Test
  void imagesReachTheNetworkAsTheirBytesOver255() {
    SequenceSample first = window(16, 1);
    SequenceSample second = window(16, 2);
    try (NDManager manager = NDManager.newBaseManager(); NDArray images = SequenceBatch.images(manager, List.of(first, second))) {
      float[] values = images.toFloatArray();

      assertEquals(2L * first.images().length, values.length);
      for (int i = 0; i < values.length; i++) {
        byte b = (i < first.images().length ? first : second).images()[i % first.images().length];
        assertEquals((b & 0xff) / 255f, values[i], 0f, "value " + i);
      }
    }
  }

  /** A window of noise with every byte value, seeded by {@code seed}. */
  private static SequenceSample window(int size, int seed) {
    byte[] images = new byte[SequenceSample.STEPS * SequenceSample.CHANNELS * size * size];
    new Random(seed).nextBytes(images);
    for (int v = 0; v < 256; v++) {
      images[v] = (byte) v;
    }
    return new SequenceSample(seed, "s" + seed, "ours", 0, size, new int[SequenceSample.STEPS * SequenceSample.CHANNELS], images,
        new float[SequenceSample.STEPS * SliceTarget.COUNT], 1, new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT]);
  }
}
