package org.traumaflow.seg;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;

/**
 * A segmentation network and the DJL {@link Model} that owns its parameters; closing it frees
 * them. Not thread-safe for training; {@link OrganSegmenter} documents concurrent inference.
 */
public final class SegmentationModel implements AutoCloseable {
  private final SegmentationConfig config;
  private final Model model;

  SegmentationModel(SegmentationConfig config, Model model) {
    this.config = config;
    this.model = model;
  }

  /**
   * A freshly initialised network: He-normal convolution weights, batch norms at identity. The
   * initialisation draws from the engine's process-wide random generator, which {@code seed}
   * resets first, so the same seed gives the same weights.
   */
  public static SegmentationModel create(SegmentationConfig config, long seed) {
    Model model = Model.newInstance("unet3d");
    try {
      Block block = Unet3d.build(config);
      block.setInitializer(
          new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
          Parameter.Type.WEIGHT);
      model.setBlock(block);
      Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
      block.initialize(model.getNDManager(), DataType.FLOAT32, config.inputShape(1));
      return new SegmentationModel(config, model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Wraps a model whose block is a loaded {@link Unet3d} of {@code config}; takes ownership. */
  static SegmentationModel wrap(SegmentationConfig config, Model model) {
    return new SegmentationModel(config, model);
  }

  public SegmentationConfig config() {
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
