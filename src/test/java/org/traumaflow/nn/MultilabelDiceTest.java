package org.traumaflow.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class MultilabelDiceTest {


  @Test
  void theLossIsTheMeanOverChannelsOfOneMinusSmoothedSoftDice() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // 1 sample, 2 channels, 1 x 1 x 2 voxels; logits 0 -> p = 0.5
      NDArray logits = manager.create(new float[] {0, 0, 0, 0}, new Shape(1, 2, 1, 1, 2));
      NDArray targets = manager.create(new float[] {1, 0, 0, 0}, new Shape(1, 2, 1, 1, 2));
      // channel 0: (2 * 0.5 + 1) / (1 + 1 + 1) = 2/3; channel 1: (0 + 1) / (1 + 0 + 1) = 1/2
      float expected = 1 - (2f / 3 + 0.5f) / 2;
      assertEquals(expected, MultilabelDice.loss(logits, targets, 1f).getFloat(), 1e-6);
    }
  }

  @Test
  void confidentCorrectPredictionsCostNothingAndConfidentWrongOnesCostAll() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] t = {1, 1, 0, 0, 0, 1, 1, 0};
      float[] right = new float[t.length];
      float[] wrong = new float[t.length];
      for (int i = 0; i < t.length; i++) {
        right[i] = t[i] == 1 ? 30 : -30;
        wrong[i] = -right[i];
      }
      Shape shape = new Shape(2, 2, 1, 1, 2);
      NDArray targets = manager.create(t, shape);
      assertEquals(0f, MultilabelDice.loss(manager.create(right, shape), targets, 1f).getFloat(), 1e-5);
      assertEquals(1f, MultilabelDice.loss(manager.create(wrong, shape), targets, 0f).getFloat(), 1e-5);
    }
  }

  @Test
  void theScoreThresholdsAtOneHalfAndCountsAnEmptyChannelAsPerfect() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = new Shape(1, 3, 1, 2, 2);
      NDArray logits = manager.create(new float[] {5, 5, -5, -5, 5, -5, -5, -5, -5, -5, -5, -5}, shape);
      NDArray targets = manager.create(new float[] {1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0}, shape);
      MultilabelDice.Score score = new MultilabelDice.Score(3);
      score.add(logits, targets);
      // channel 0: 2*1/(2+1); channel 1: 2*1/(1+3); channel 2: nothing either way
      assertArrayEquals(new double[] {2.0 / 3, 0.5, 1.0}, score.dice(), 1e-12);
    }
  }

  @Test
  void twoDimensionalMasksGiveTheSameLossAsTheirOneSliceVolumes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] logits = {2, -1, 0.5f, -3, 1, 1, -2, 0};
      float[] targets = {1, 0, 1, 0, 0, 1, 0, 0};
      Shape planes = new Shape(2, 2, 1, 2);
      Shape volumes = new Shape(2, 2, 1, 1, 2);
      float flat = MultilabelDice.loss(manager.create(logits, planes), manager.create(targets, planes), 1f).getFloat();
      float deep = MultilabelDice.loss(manager.create(logits, volumes), manager.create(targets, volumes), 1f).getFloat();
      assertEquals(deep, flat, 1e-7);
    }
  }
}
