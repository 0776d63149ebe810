package org.traumaflow.model;

import java.util.List;

/**
 * The 2D slice-triplet encoders a {@link SequenceModelConfig} can name, each with its reference
 * layout; the config's width and depth multipliers scale it.
 */
public enum EncoderName {
  /** ResNet-18: basic blocks (2, 2, 2, 2) of 64, 128, 256, 512 channels. */
  RESNET18(List.of(2, 2, 2, 2)),
  /** ResNet-34: basic blocks (3, 4, 6, 3) of 64, 128, 256, 512 channels. */
  RESNET34(List.of(3, 4, 6, 3)),
  /** EfficientNetV2-S (torchvision's and timm's layout, see {@link EfficientNetV2Encoder}). */
  EFFICIENTNET_V2_S(List.of(2, 4, 4, 6, 9, 15)),
  /**
   * A TorchScript module ({@link ScriptedEncoder}, made by {@code scripts/export_encoder.py}),
   * fine-tuned inside the DJL training loop; the config's width and depth multipliers do not
   * apply.
   */
  TORCHSCRIPT(List.of());

  private final List<Integer> blocks;

  EncoderName(List<Integer> blocks) {
    this.blocks = blocks;
  }

  /** Blocks per stage of the reference layout, before the depth multiplier. */
  public List<Integer> blocks() {
    return blocks;
  }

  public boolean isResNet() {
    return this == RESNET18 || this == RESNET34;
  }
}
