package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.nn.MultilabelDice;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SequenceLossTest {

  @Test
  void binaryCrossEntropyTakesSoftTargetsAndLargeLogits() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] x = {0f, 2f, -3f, 80f};
      float[] t = {0.3f, 1f, 0.5f, 0f};
      double expected = 0;
      for (int i = 0; i < x.length; i++) {
        double p = 1 / (1 + Math.exp(-x[i]));
        expected += i == 3 ? 80 : -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p)); // log(1 - sigmoid(80)) = -80
      }
      NDArray loss = SequenceLoss.binaryCrossEntropy(manager.create(x, new Shape(1, 2, 2)), manager.create(t, new Shape(1, 2, 2)));
      assertEquals(expected / 4, loss.getFloat(), 1e-5);
    }
  }

  @Test
  void theAuxDiceOfBothHeadsIsAddedWithItsWeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.randomNormal(new Shape(1, 32, 2));
      NDArray targets = manager.randomUniform(0f, 1f, new Shape(1, 32, 2));
      NDArray masks16 = manager.randomUniform(0f, 1f, new Shape(32, 4, 4, 4)).gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
      NDArray masks32 = manager.randomUniform(0f, 1f, new Shape(32, 4, 2, 2)).gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
      NDArray aux16 = manager.randomNormal(masks16.getShape());
      NDArray aux32 = manager.randomNormal(masks32.getShape());
      SequenceBatch batch = new SequenceBatch(null, targets, List.of(masks16, masks32));
      NDList outputs = new NDList(logits, aux16, aux32);
      float bce = SequenceLoss.binaryCrossEntropy(logits, targets).getFloat();
      float dice = MultilabelDice.loss(aux16, masks16, 1f).getFloat() + MultilabelDice.loss(aux32, masks32, 1f).getFloat();
      assertEquals(bce + 0.25f * dice, SequenceLoss.of(outputs, batch, 0.25f).getFloat(), 1e-5);
      assertEquals(bce, SequenceLoss.of(outputs, batch, 0f).getFloat(), 1e-6);
    }
  }
}
