package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.InMemoryWindows;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SequenceNetworkTest {

  static NDList forward(SequenceModel model, NDManager manager, NDArray images, boolean training) {
    return model.block().forward(new ParameterStore(manager, false), new NDList(images), training);
  }

  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "RESNET34", "EFFICIENTNET_V2_S"})
  void theTinyNetworkGivesLogitsPerStepAndMasksAtStrides16And32(EncoderName encoder) {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.BOWEL_EXTRAVASATION, encoder);
    try (SequenceModel model = SequenceModel.create(config, 1);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      NDList out = forward(model, manager, manager.randomUniform(0f, 1f, config.inputShape(2)), false);
      assertEquals(new Shape(2, 32, 2), out.get(0).getShape());
      assertEquals(new Shape(64, 4, 4, 4), out.get(1).getShape());
      assertEquals(new Shape(64, 4, 2, 2), out.get(2).getShape());
      Shape[] declared = model.block().getOutputShapes(new Shape[] {config.inputShape(2)});
      assertEquals(List.of(out.get(0).getShape(), out.get(1).getShape(), out.get(2).getShape()), Arrays.asList(declared));
    }
  }

  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "RESNET34", "EFFICIENTNET_V2_S"})
  void everyTrainableParameterGetsAGradientFromOneBackwardPass(EncoderName encoder) {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, encoder);
    List<SequenceSample> batch = SyntheticSequences.windows(2, 64, 32, 1, 3);
    try (SequenceModel model = SequenceModel.create(config, 2);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        SequenceBatch arrays = SequenceBatch.of(manager, config, batch);
        collector.backward(SequenceLoss.of(forward(model, manager, arrays.images(), true), arrays, 0.25f));
      }
      assertTrue(model.block().getParameters().keys().stream().anyMatch(k -> k.contains("gruBackward")), "both GRU directions are parameters");
      Gradients.assertEveryParameterHasAGradient(model.block(), 40);
    }
  }

  @Test
  void theCnnAuxHeadsAreTheSeedsMaskHeadOnEachOfTheLastTwoFeatureMaps() {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18);
    try (SequenceModel model = SequenceModel.create(config, 1)) {
      EncoderShape encoder = ((FeatureEncoder) ((SequenceNetwork) model.block()).encoder()).shape();
      // The writeup's get_mask_head(nb_ft): Conv2d(nb_ft, 128, 3), BN, ReLU, Conv2d(128, 128, 3), BN, ReLU, Conv2d(128, 4, 1).
      assertEquals(List.of(new Shape(128, encoder.channels16(), 3, 3), new Shape(128, 128, 3, 3), new Shape(4, 128, 1, 1)),
          convolutionWeights(model, "aux16"));
      assertEquals(List.of(new Shape(128, encoder.channels32(), 3, 3), new Shape(128, 128, 3, 3), new Shape(4, 128, 1, 1)),
          convolutionWeights(model, "aux32"));
    }
  }

  @Test
  void theUnetHeadGivesOneMaskAtAQuarterOfTheInputAndEveryParameterLearns() {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withHead(AuxHead.UNET);
    List<SequenceSample> batch = SyntheticSequences.windows(2, 64, 32, 1, 3);
    try (SequenceModel model = SequenceModel.create(config, 2);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      NDList out = forward(model, manager, manager.randomUniform(0f, 1f, config.inputShape(2)), false);
      assertEquals(2, out.size(), "logits and one mask output");
      assertEquals(new Shape(2, 32, 10), out.get(0).getShape());
      assertEquals(new Shape(64, 4, 16, 16), out.get(1).getShape());
      assertEquals(List.of(out.get(0).getShape(), out.get(1).getShape()),
          Arrays.asList(model.block().getOutputShapes(new Shape[] {config.inputShape(2)})));
      assertTrue(convolutionWeights(model, "aux16").isEmpty(), "no CNN heads beside the UNet decoder");
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        SequenceBatch arrays = SequenceBatch.of(manager, config, batch);
        assertEquals(new Shape(64, 4, 16, 16), arrays.masks().get(0).getShape());
        collector.backward(SequenceLoss.of(forward(model, manager, arrays.images(), true), arrays, 0.125f));
      }
      Gradients.assertEveryParameterHasAGradient(model.block(), 40);
    }
  }

  /** The weight shapes of the convolutions of the aux head {@code name}, in order. */
  private static List<Shape> convolutionWeights(SequenceModel model, String name) {
    return model.block().getParameters().stream()
        .filter(p -> p.getKey().contains(name + "_") && p.getKey().endsWith("Conv2d_weight"))
        .map(p -> p.getValue().getArray().getShape())
        .toList();
  }

  /** Logits of a window whose images are {@code images}, in inference mode. */
  static float[] logits(SequenceModel model, byte[] images) {
    SequenceSample window = SyntheticSequences.windows(1, 64, 32, 1, 9).get(0);
    SequenceSample changed = new SequenceSample(window.patientId(), window.seriesId(), window.variant(), 0, 64,
        window.sourceSlices(), images, window.targets(), window.maskSize(), window.masks());
    try (NDManager manager = model.model().getNDManager().newSubManager()) {
      return forward(model, manager, SequenceBatch.images(manager, List.of(changed)), false).get(0).toFloatArray();
    }
  }

  @Test
  void theGruCarriesInformationBothWaysAlongTheSequence() {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18);
    int outputs = config.outputs();
    int perStep = SequenceSample.CHANNELS * 64 * 64;
    byte[] images = SyntheticSequences.windows(1, 64, 32, 1, 9).get(0).images();
    byte[] lateChanged = images.clone();
    byte[] earlyChanged = images.clone();
    Random random = new Random(4);
    for (int i = 0; i < perStep; i++) {
      lateChanged[31 * perStep + i] = (byte) random.nextInt(256);
      earlyChanged[i] = (byte) random.nextInt(256);
    }
    try (SequenceModel model = SequenceModel.create(config, 5)) {
      float[] base = logits(model, images);
      float[] late = logits(model, lateChanged);
      float[] early = logits(model, earlyChanged);
      float[] step0 = Arrays.copyOfRange(base, 0, outputs);
      float[] step31 = Arrays.copyOfRange(base, 31 * outputs, 32 * outputs);
      assertFalse(Arrays.equals(step0, Arrays.copyOfRange(late, 0, outputs)), "step 0 sees step 31 (backward GRU)");
      assertFalse(Arrays.equals(step31, Arrays.copyOfRange(early, 31 * outputs, 32 * outputs)), "step 31 sees step 0 (forward GRU)");
      // and the model is a function of its input alone
      assertTrue(Arrays.equals(base, logits(model, images)));
    }
  }

  @Test
  void trainingStepsLeaveNoArraysBehind() throws IOException {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S);
    List<SequenceSample> batch = SyntheticSequences.windows(2, 64, 32, 1, 4);
    try (SequenceModel model = SequenceModel.create(config, 3)) {
      Optimizer optimizer = Optimizer.adamW().build();
      SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 1));
      int after1 = model.model().getNDManager().getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, i + 2));
      }
      SequenceTrainer.validationLoss(model, InMemoryWindows.of(batch), 2);
      assertEquals(after1, model.model().getNDManager().getManagedArrays().size());
    }
  }

  @Test
  void theSameSeedGivesTheSameInitialWeights() {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18);
    byte[] images = SyntheticSequences.windows(1, 64, 32, 1, 9).get(0).images();
    try (SequenceModel a = SequenceModel.create(config, 7);
        SequenceModel b = SequenceModel.create(config, 7);
        SequenceModel c = SequenceModel.create(config, 8)) {
      assertTrue(Arrays.equals(logits(a, images), logits(b, images)));
      assertFalse(Arrays.equals(logits(a, images), logits(c, images)));
    }
  }
}
