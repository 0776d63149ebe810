package org.traumaflow.nn;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;

/**
 * A network built from a config value and the DJL {@link Model} that owns its parameters;
 * closing it frees them.
 *
 * @param <C> the config the network is built from
 */
public abstract class ConfiguredNetwork<C> implements AutoCloseable {
  private final C config;
  private final Model model;

  protected ConfiguredNetwork(C config, Model model) {
    this.config = config;
    this.model = model;
  }

  /** Makes every weight of {@code block} He-normal, as PyTorch's {@code kaiming_normal_} for ReLU networks. */
  protected static void heNormalWeights(Block block) {
    block.setInitializer(
        new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
  }

  /**
   * Sets {@code block} as {@code model}'s block and initialises its parameters for
   * {@code inputShape} with the initializers set on it (biases 0, batch norms at identity by
   * default). The draws come from the engine's process-wide generator, which {@code seed} resets
   * first and no other thread touches meanwhile ({@link EngineRandom}), so the same seed gives the
   * same weights.
   */
  protected static void initialize(Model model, Block block, Shape inputShape, long seed) {
    model.setBlock(block);
    EngineRandom.seeded(seed, () -> {
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
      return null;
    });
  }

  public C config() {
    return config;
  }

  public Model model() {
    return model;
  }

  public Block block() {
    return model.getBlock();
  }

  /** The number of trainable scalars. */
  public long parameterCount() {
    long count = 0;
    for (var p : block().getParameters()) {
      if (p.getValue().requiresGradient()) {
        count += p.getValue().getArray().size();
      }
    }
    return count;
  }

  @Override
  public void close() {
    model.close();
  }
}
