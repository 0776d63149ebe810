package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.optimizer.Optimizer;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.SingleThreadedTorch;

/** {@code accumulate_batches}: micro-batches whose gradients add up to the batch's before one update. */
@ExtendWith(SingleThreadedTorch.class)
class GradientAccumulationTest {
  /**
   * The tiny network without dropout, so that a forward's result does not depend on how many came
   * before it, and without the aux loss, whose Dice smoothing weighs differently over fewer windows.
   */
  private static final SequenceModelConfig CONFIG;

  static {
    SequenceModelConfig tiny = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withInputSize(32);
    CONFIG = new SequenceModelConfig(tiny.task(), tiny.encoder(), tiny.widthMultiplier(), tiny.depthMultiplier(), tiny.inputSize(),
        tiny.gruHidden(), 0, 0, tiny.scriptedEncoder(), tiny.head());
  }

  @Test
  void theMicroBatchesGradientsAddUpToTheWholeBatchs() {
    // Four copies of one window: batch norm's statistics and the Dice are then the same over any
    // part of the batch as over the whole, so the only difference accumulation may make is the sum.
    List<SequenceSample> batch = Collections.nCopies(4, SyntheticSequences.windows(1, 32, 16, 1, 3).get(0));
    float[][] whole;
    float wholeLoss;
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      wholeLoss = SequenceTrainer.accumulateGradients(model, batch, 1);
      whole = Gradients.of(model.block());
    }
    for (int microBatches : new int[] {2, 4}) {
      try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
        float loss = SequenceTrainer.accumulateGradients(model, batch, microBatches);
        assertEquals(wholeLoss, loss, 1e-5 * Math.abs(wholeLoss), microBatches + " micro-batches report the batch's loss");
        assertClose(whole, Gradients.of(model.block()), microBatches + " micro-batches");
      }
    }
  }

  @Test
  void anUpdateClearsTheGradientsSoTheNextStepAddsUpOnlyItsOwn() {
    List<SequenceSample> batch = SyntheticSequences.windows(4, 32, 16, 1, 3);
    Optimizer optimizer = Optimizer.adamW().build();
    try (SequenceModel model = SequenceModel.create(CONFIG, 1)) {
      float loss = SequenceTrainer.trainStep(model, batch, 2, optimizer, new EpochStep(1, 1));
      assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
      for (float[] gradient : Gradients.of(model.block())) {
        for (float g : gradient) {
          assertEquals(0f, g, "a gradient left over from the step would be added to the next one's");
        }
      }
    }
  }

  @Test
  void aBatchThatMicroBatchesOfOneSizeCannotMakeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SequenceTrainer.builder().optBatchSize(4).optAccumulateBatches(3).build());
    assertEquals("a batch of 4 cannot be cut into 3 micro-batches of one size", e.getMessage());
  }

  /** Equal within float32 summation error, relative to the largest gradient of each parameter. */
  private static void assertClose(float[][] expected, float[][] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int p = 0; p < expected.length; p++) {
      float scale = 0;
      for (float g : expected[p]) {
        scale = Math.max(scale, Math.abs(g));
      }
      for (int i = 0; i < expected[p].length; i++) {
        assertEquals(expected[p][i], actual[p][i], 1e-4 * scale + 1e-7, what + ": parameter " + p + ", value " + i);
      }
    }
  }
}
