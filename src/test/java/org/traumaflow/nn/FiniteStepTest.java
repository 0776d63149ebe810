package org.traumaflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * {@link FiniteStep} on one linear unit whose weight and bias are 0, so its output is 0: a loss of
 * {@code sqrt(output)} is finite (0) while its gradient {@code 1 / (2 sqrt(output))} is infinite.
 */
@ExtendWith(SingleThreadedTorch.class)
class FiniteStepTest {
  static final EpochStep AT = new EpochStep(3, 7);
  static final List<String> BATCH = List.of("10001/2 ours window 0", "10002/5 ours window 1");

  @Test
  void aFiniteLossWithAnInfiniteGradientIsRefusedNamingTheFirstSuchParameter() {
    NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> step(NDArray::sqrt));
    assertEquals(3, e.epoch());
    assertEquals(7, e.step());
    assertEquals(BATCH, e.sampleIds());
    assertEquals(0f, e.loss());
    assertEquals(Optional.of("weight"), e.parameter());
    assertEquals("training went non-finite at epoch 3, step 7, on batch [10001/2 ours window 0, 10002/5 ours window 1]: loss 0.0, "
        + "first non-finite gradient in weight; lower the learning rate, check the batch's data, or run traumaflow doctor to check the engine", e.getMessage());
  }

  @Test
  void aNonFiniteLossWithFiniteGradientsIsRefusedSayingSo() {
    NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> step(output -> output.add(Float.POSITIVE_INFINITY)));
    assertEquals(Float.POSITIVE_INFINITY, e.loss());
    assertEquals(Optional.empty(), e.parameter());
    assertTrue(e.getMessage().contains(": loss Infinity, all gradients finite; "), e.getMessage());
  }

  @Test
  void aFiniteStepPasses() {
    step(output -> output.mul(2));
  }

  /** A backward through {@code loss} of the unit's output, then the check. */
  private static void step(UnaryOperator<NDArray> loss) {
    try (Model model = Model.newInstance("finite-step")) {
      Block unit = Linear.builder().setUnits(1).build();
      unit.setInitializer(new ConstantInitializer(0), Parameter.Type.WEIGHT);
      model.setBlock(unit);
      unit.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1));
      try (NDManager step = model.getNDManager().newSubManager()) {
        float value;
        try (GradientCollector collector = step.getEngine().newGradientCollector()) {
          NDArray output = unit.forward(new ParameterStore(step, false), new NDList(step.ones(new Shape(1, 1))), true).singletonOrThrow();
          NDArray scalar = loss.apply(output).sum();
          collector.backward(scalar);
          value = scalar.getFloat();
        }
        FiniteStep.require(step, unit, value, AT, BATCH);
      }
    }
  }
}
