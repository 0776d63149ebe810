package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.nn.MultilabelDice;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class Unet3dTest {


  static NDArray forward(SegmentationModel model, NDManager manager, Shape shape, boolean training) {
    NDArray input = manager.randomUniform(0f, 1f, shape);
    return model.block().forward(new ParameterStore(manager, false), new NDList(input), training).singletonOrThrow();
  }

  @Test
  void theTinyNetworkGivesFiveLogitChannelsAtInputResolution() {
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 1);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      assertEquals(new Shape(2, 5, 32, 32, 32), forward(model, manager, new Shape(2, 1, 32, 32, 32), false).getShape());
      // fully convolutional: a wider chunk works with the same weights
      assertEquals(new Shape(1, 5, 32, 64, 64), forward(model, manager, new Shape(1, 1, 32, 64, 64), false).getShape());
    }
  }

  @Test
  void theMethodNetworkGivesFiveLogitChannelsOnA128Chunk() {
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.method(), 1);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      assertEquals(new Shape(1, 5, 32, 128, 128), forward(model, manager, new Shape(1, 1, 32, 128, 128), false).getShape());
      // a ResNet-18 encoder in 3D (about 33 M) plus the decoder
      long parameters = model.parameterCount();
      assertTrue(parameters > 35_000_000L && parameters < 50_000_000L, "parameters: " + parameters);
    }
  }

  @Test
  void everyTrainableParameterGetsAGradientFromOneBackwardPass() {
    SegmentationConfig config = SegmentationConfig.tiny().withInputSize(64);
    try (SegmentationModel model = SegmentationModel.create(config, 2);
        NDManager manager = model.model().getNDManager().newSubManager()) {
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray logits = forward(model, manager, config.inputShape(2), true);
        NDArray targets = manager.randomUniform(0f, 1f, logits.getShape()).gt(0.7f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        collector.backward(MultilabelDice.loss(logits, targets, MultilabelDice.SMOOTH));
      }
      Gradients.assertEveryParameterHasAGradient(model.block(), 50);
    }
  }

  @Test
  void trainingStepsLeaveNoArraysBehind() {
    SegmentationConfig config = SegmentationConfig.tiny();
    List<SegmentationSample> batch = SyntheticOrgans.chunks(SyntheticOrgans.studies(1, 32, 32, 4), 32);
    batch.add(batch.get(0));
    try (SegmentationModel model = SegmentationModel.create(config, 3)) {
      Optimizer optimizer = Optimizer.adamW().build();
      SegmentationTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 1));
      int after1 = model.model().getNDManager().getManagedArrays().size();
      for (int i = 0; i < 4; i++) {
        SegmentationTrainer.trainStep(model, batch, optimizer, new EpochStep(1, i + 2));
      }
      assertEquals(after1, model.model().getNDManager().getManagedArrays().size());
    }
  }

  @Test
  void upsamplingRepeatsEveryVoxelTwiceAlongEachAxis() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(1, 1, 2, 2, 2));
      NDArray up = Unet3d.upsample2x(x);
      assertEquals(new Shape(1, 1, 4, 4, 4), up.getShape());
      float[] v = up.toFloatArray();
      for (int d = 0; d < 4; d++) {
        for (int h = 0; h < 4; h++) {
          for (int w = 0; w < 4; w++) {
            assertEquals(1 + (d / 2) * 4 + (h / 2) * 2 + (w / 2), v[(d * 4 + h) * 4 + w]);
          }
        }
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameInitialWeights() {
    try (SegmentationModel a = SegmentationModel.create(SegmentationConfig.tiny(), 7);
        SegmentationModel b = SegmentationModel.create(SegmentationConfig.tiny(), 7);
        SegmentationModel c = SegmentationModel.create(SegmentationConfig.tiny(), 8)) {
      assertEquals(weights(a), weights(b));
      assertFalse(weights(a).equals(weights(c)));
    }
  }

  /** Every parameter's values by name. */
  static java.util.Map<String, List<Float>> weights(SegmentationModel model) {
    java.util.Map<String, List<Float>> weights = new java.util.TreeMap<>();
    for (Pair<String, Parameter> p : model.block().getParameters()) {
      List<Float> values = new ArrayList<>();
      for (float v : p.getValue().getArray().toFloatArray()) {
        values.add(v);
      }
      weights.put(p.getKey(), values);
    }
    return weights;
  }
}
