package org.traumaflow.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The check between a hand-written loop's backward and its {@link ParameterUpdates update}: a
 * step whose loss or any gradient is not finite is refused with a
 * {@link NonFiniteTrainingException}, so non-finite values never reach the parameters, a
 * checkpoint or a published model.
 *
 * <p>The gradients stay on the engine: one reduction per parameter, then one copy of a value per
 * parameter to Java, so the check costs little beside the step on a GPU.
 */
public final class FiniteStep {
  private FiniteStep() {}

  /**
   * Throws when {@code loss} or a gradient of a trainable parameter of {@code block} is NaN or
   * infinite.
   *
   * @param scratch holds the check's temporary arrays (the step's manager, closed by the caller)
   * @param at the step, for the message
   * @param sampleIds the step's batch, for the message
   * @throws NonFiniteTrainingException naming the step, the batch, the loss and the first
   *     parameter whose gradient is not finite
   */
  public static void require(NDManager scratch, Block block, float loss, EpochStep at, List<String> sampleIds) {
    Optional<String> parameter = firstNonFiniteGradient(scratch, block);
    if (!Float.isFinite(loss) || parameter.isPresent()) {
      throw new NonFiniteTrainingException(at, sampleIds, loss, parameter);
    }
  }

  private static Optional<String> firstNonFiniteGradient(NDManager scratch, Block block) {
    List<String> names = new ArrayList<>();
    NDList sums = new NDList();
    for (Pair<String, Parameter> entry : block.getParameters()) {
      if (entry.getValue().requiresGradient()) {
        NDArray gradient = entry.getValue().getArray().getGradient();
        // getGradient() attaches a new handle to the parameter's manager: let the scratch manager close it.
        gradient.attach(scratch);
        // x * 0 is 0 for a finite x and NaN for an infinite or NaN one, so the sum is NaN exactly
        // when some value is not finite, and cannot overflow as a sum of large finite values could.
        sums.add(gradient.mul(0).sum());
        names.add(entry.getKey());
      }
    }
    if (names.isEmpty()) {
      return Optional.empty();
    }
    float[] flags = NDArrays.stack(sums).toFloatArray();
    for (int i = 0; i < flags.length; i++) {
      if (Float.isNaN(flags[i])) {
        return Optional.of(names.get(i));
      }
    }
    return Optional.empty();
  }
}
