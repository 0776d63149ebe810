package org.traumaflow.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

/** The optimizer step of a hand-written DJL training loop, after the gradient collector's backward. */
public final class ParameterUpdates {
  private ParameterUpdates() {}

  /** Updates every trainable parameter of {@code block} from its gradient. */
  public static void apply(Block block, Optimizer optimizer) {
    for (Pair<String, Parameter> entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      if (parameter.requiresGradient()) {
        NDArray weight = parameter.getArray();
        // getGradient() attaches a new handle to the parameter's manager: close it each step.
        try (NDArray gradient = weight.getGradient()) {
          optimizer.update(entry.getKey(), weight, gradient);
        }
      }
    }
  }
}
