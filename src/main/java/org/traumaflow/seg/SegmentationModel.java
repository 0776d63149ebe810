package org.traumaflow.seg;

import ai.djl.Model;
import ai.djl.nn.Block;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.nn.ConfiguredNetwork;

/**
 * A segmentation network and the DJL {@link Model} that owns its parameters; closing it frees
 * them. Not thread-safe for training; {@link OrganSegmenter} documents concurrent inference.
 */
public final class SegmentationModel extends ConfiguredNetwork<SegmentationConfig> {

  private SegmentationModel(SegmentationConfig config, Model model) {
    super(config, model);
  }

  /**
   * A freshly initialised network: He-normal convolution weights, batch norms at identity; the
   * same seed gives the same weights.
   */
  public static SegmentationModel create(SegmentationConfig config, long seed) {
    EngineSelfCheck.requirePassed();
    Model model = Model.newInstance("unet3d");
    try {
      Block block = Unet3d.build(config);
      heNormalWeights(block);
      initialize(model, block, config.inputShape(1), seed);
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
}
