package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class FeatureEncoderTest {

  static long parameters(FeatureEncoder encoder) {
    long count = 0;
    for (var p : encoder.getParameters()) {
      if (p.getValue().requiresGradient()) {
        count += p.getValue().getArray().size();
      }
    }
    return count;
  }

  @ParameterizedTest
  @EnumSource(value = EncoderName.class, names = {"RESNET18", "RESNET34", "EFFICIENTNET_V2_S"})
  void theTinyEncoderGivesMapsAtStrides16And32AndAPooledVector(EncoderName name) {
    SequenceModelConfig config = SequenceModelConfig.tiny(SequenceTask.ORGANS, name);
    FeatureEncoder encoder = FeatureEncoder.of(config);
    try (NDManager manager = NDManager.newBaseManager()) {
      encoder.initialize(manager, DataType.FLOAT32, new Shape(6, 3, 64, 64));
      NDList out = encoder.forward(new ParameterStore(manager, false), new NDList(manager.randomUniform(0f, 1f, new Shape(6, 3, 64, 64))), false);
      assertEquals(new Shape(6, encoder.shape().channels16(), 4, 4), out.get(0).getShape());
      assertEquals(new Shape(6, encoder.shape().channels32(), 2, 2), out.get(1).getShape());
      assertEquals(new Shape(6, encoder.shape().features()), out.get(2).getShape());
      // not fixed to one input size: a 96 x 96 slice gives 6 x 6 and 3 x 3 maps
      NDList wider = encoder.forward(new ParameterStore(manager, false), new NDList(manager.randomUniform(0f, 1f, new Shape(1, 3, 96, 96))), false);
      assertEquals(new Shape(1, encoder.shape().channels16(), 6, 6), wider.get(0).getShape());
      assertEquals(new Shape(1, encoder.shape().channels32(), 3, 3), wider.get(1).getShape());
    }
  }

  /** torchvision 0.14's counts without the classifier (resnet: no fc; efficientnet_v2_s: features only). */
  @Test
  void theMethodSizeEncodersHaveTorchvisionsParameterCounts() {
    for (var expected : java.util.Map.of(EncoderName.RESNET18, 11_176_512L, EncoderName.RESNET34, 21_284_672L, EncoderName.EFFICIENTNET_V2_S, 20_177_488L).entrySet()) {
      FeatureEncoder encoder = FeatureEncoder.of(SequenceModelConfig.method(SequenceTask.ORGANS, expected.getKey()));
      try (NDManager manager = NDManager.newBaseManager()) {
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        assertEquals(expected.getValue(), parameters(encoder), expected.getKey().name());
      }
    }
  }
}
