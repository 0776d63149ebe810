package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Checks on a network's parameters and the gradients a backward pass left on them. */
public final class Gradients {
  private Gradients() {}

  /**
   * Asserts that every trainable parameter of {@code block} has a gradient with a non-zero entry,
   * that only batch-norm running statistics are frozen, and that there are more than
   * {@code atLeast} trainable parameters (so that the check checks something).
   */
  public static void assertEveryParameterHasAGradient(Block block, int atLeast) {
    List<String> withoutGradient = new ArrayList<>();
    int trainable = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (!p.getValue().requiresGradient()) {
        assertTrue(p.getKey().contains("running"), "only batch-norm statistics are frozen: " + p.getKey());
        continue;
      }
      trainable++;
      try (NDArray gradient = p.getValue().getArray().getGradient()) {
        if (!(gradient.abs().max().getFloat() > 0)) {
          withoutGradient.add(p.getKey());
        }
      }
    }
    assertTrue(trainable > atLeast, "trainable parameters: " + trainable);
    assertEquals(List.of(), withoutGradient);
  }

  /** The DJL name of {@code block}'s first trainable parameter, in the block's order. */
  public static String firstTrainable(Block block) {
    return block.getParameters().stream().filter(p -> p.getValue().requiresGradient()).map(Pair::getKey).findFirst().orElseThrow();
  }

  /** Every parameter's values, in the block's order: two networks with equal arrays have the same weights. */
  public static float[][] parameters(Block block) {
    return block.getParameters().stream().map(p -> p.getValue().getArray().toFloatArray()).toArray(float[][]::new);
  }

  /** Every trainable parameter's gradient, in the block's order. */
  public static float[][] of(Block block) {
    List<float[]> gradients = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        try (NDArray gradient = p.getValue().getArray().getGradient()) {
          gradients.add(gradient.toFloatArray());
        }
      }
    }
    return gradients.toArray(float[][]::new);
  }

  /** Asserts that every trainable parameter of {@code block} holds only finite values. */
  public static void assertTrainableParametersFinite(Block block) {
    List<String> nonFinite = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        for (float value : p.getValue().getArray().toFloatArray()) {
          if (!Float.isFinite(value)) {
            nonFinite.add(p.getKey());
            break;
          }
        }
      }
    }
    assertEquals(List.of(), nonFinite);
  }
}
