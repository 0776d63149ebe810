package org.traumaflow.model;

import static org.traumaflow.model.Conv2dLayers.batchNorm;
import static org.traumaflow.model.Conv2dLayers.conv;
import static org.traumaflow.model.Conv2dLayers.silu;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.traumaflow.nn.ResNetBlocks;

/**
 * An EfficientNetV2-S-like 2D encoder (torchvision's {@code efficientnet_v2_s} layout), built
 * from small static block functions:
 *
 * <pre>
 * stem: conv 3x3/2 + BN + SiLU .................................. stride 2  (24)
 * stage 1: fused-MBConv, expand 1, 2 blocks ..................... stride 2  (24)
 * stage 2: fused-MBConv, expand 4, 4 blocks, first stride 2 ..... stride 4  (48)
 * stage 3: fused-MBConv, expand 4, 4 blocks, first stride 2 ..... stride 8  (64)
 * stage 4: MBConv + SE, expand 4, 6 blocks, first stride 2 ...... stride 16 (128)
 * stage 5: MBConv + SE, expand 6, 9 blocks ...................... stride 16 (160) -> aux head
 * stage 6: MBConv + SE, expand 6, 15 blocks, first stride 2 ..... stride 32 (256) -> aux head
 * head: conv 1x1 + BN + SiLU (1280), global average ..................... pooled vector
 * </pre>
 *
 * Channels (head included) are scaled by the config's width multiplier, blocks per stage by its
 * depth multiplier. Batch norms use EfficientNet's epsilon 1e-3. Stochastic depth is left out:
 * it is a regulariser of long ImageNet trainings, and the method fine-tunes for 9-12 epochs.
 */
public final class EfficientNetV2Encoder {
  /** One stage of the reference layout; its block count comes from {@link EncoderName#blocks()}. */
  record Stage(boolean fused, int expand, int stride, int channels) {}

  static final List<Stage> STAGES = List.of(
      new Stage(true, 1, 1, 24),
      new Stage(true, 4, 2, 48),
      new Stage(true, 4, 2, 64),
      new Stage(false, 4, 2, 128),
      new Stage(false, 6, 1, 160),
      new Stage(false, 6, 2, 256));
  static final int STEM_CHANNELS = 24;
  static final int HEAD_CHANNELS = 1280;

  private static final float EPSILON = 1e-3f;

  private EfficientNetV2Encoder() {}

  public static FeatureEncoder build(SequenceModelConfig config) {
    if (config.encoder() != EncoderName.EFFICIENTNET_V2_S) {
      throw new IllegalArgumentException(config.encoder() + " is not an EfficientNetV2");
    }
    int in = config.channels(STEM_CHANNELS);
    SequentialBlock toStride16 = new SequentialBlock().add(convBnSilu(in, 3, 2));
    Block toStride32 = null;
    for (int s = 0; s < STAGES.size(); s++) {
      Stage stage = STAGES.get(s);
      int out = config.channels(stage.channels());
      Block blocks = stage(stage, in, out, config.repeats(config.encoder().blocks().get(s)));
      if (s < STAGES.size() - 1) {
        toStride16.add(blocks);
      } else {
        toStride32 = blocks;
      }
      in = out;
    }
    int head = config.channels(HEAD_CHANNELS);
    int channels16 = config.channels(STAGES.get(STAGES.size() - 2).channels());
    return new FeatureEncoder(toStride16, toStride32, convBnSilu(head, 1, 1), new EncoderShape(channels16, in, head));
  }

  /** One stage: {@code blocks} blocks from {@code in} to {@code out} channels, the first with the stage's stride. */
  static Block stage(Stage stage, int in, int out, int blocks) {
    SequentialBlock sequence = new SequentialBlock();
    for (int i = 0; i < blocks; i++) {
      int from = i == 0 ? in : out;
      int stride = i == 0 ? stage.stride() : 1;
      sequence.add(stage.fused() ? fusedMbConv(from, out, stage.expand(), stride) : mbConv(from, out, stage.expand(), stride));
    }
    return sequence;
  }

  /**
   * Fused-MBConv: a 3x3 convolution expanding to {@code in * expand} channels (straight to
   * {@code out} when {@code expand} is 1) with BN and SiLU, a 1x1 projection with BN when
   * expanding, and the identity shortcut when the shape is kept.
   */
  static Block fusedMbConv(int in, int out, int expand, int stride) {
    SequentialBlock path = new SequentialBlock();
    if (expand == 1) {
      path.add(convBnSilu(out, 3, stride));
    } else {
      path.add(convBnSilu(in * expand, 3, stride)).add(conv(out, 1, 1)).add(batchNorm(EPSILON));
    }
    return residual(path, in, out, stride);
  }

  /**
   * MBConv: a 1x1 expansion to {@code in * expand} channels with BN and SiLU, a depthwise 3x3
   * convolution with BN and SiLU, squeeze-and-excitation to {@code in / 4} channels, a 1x1
   * projection with BN, and the identity shortcut when the shape is kept.
   */
  static Block mbConv(int in, int out, int expand, int stride) {
    int expanded = in * expand;
    SequentialBlock path = new SequentialBlock()
        .add(convBnSilu(expanded, 1, 1))
        .add(conv(expanded, 3, stride, expanded, false))
        .add(batchNorm(EPSILON))
        .add(silu())
        .add(squeezeExcitation(expanded, Math.max(1, in / 4)))
        .add(conv(out, 1, 1))
        .add(batchNorm(EPSILON));
    return residual(path, in, out, stride);
  }

  /**
   * Squeeze-and-excitation: the global average of each channel, a 1x1 reduction to
   * {@code squeeze} channels with SiLU, a 1x1 expansion back with a sigmoid, which scales the
   * input's channels.
   */
  static Block squeezeExcitation(int channels, int squeeze) {
    Block gate = new SequentialBlock()
        .add(LambdaBlock.singleton(EfficientNetV2Encoder::channelMeans, "channelMeans"))
        .add(conv(squeeze, 1, 1, 1, true))
        .add(silu())
        .add(conv(channels, 1, 1, 1, true))
        .add(Activation::sigmoid);
    return new ParallelBlock(Conv2dLayers::product, List.of(Blocks.identityBlock(), gate));
  }

  /** {@code (N, C, H, W)} to the channel means {@code (N, C, 1, 1)}. */
  static NDArray channelMeans(NDArray x) {
    // Through the pooling op: NDArray.mean over two axes is refused by DJL here.
    return Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
  }

  static Block convBnSilu(int channels, int kernel, int stride) {
    return new SequentialBlock().add(conv(channels, kernel, stride)).add(batchNorm(EPSILON)).add(silu());
  }

  /** {@code path} with an identity shortcut when it keeps the shape, as EfficientNet's blocks do. */
  private static Block residual(Block path, int in, int out, int stride) {
    if (!hasShortcut(in, out, stride)) {
      return path;
    }
    return new ParallelBlock(ResNetBlocks::sum, List.of(path, Blocks.identityBlock()));
  }

  /** Whether a block from {@code in} to {@code out} channels with {@code stride} has the identity shortcut. */
  static boolean hasShortcut(int in, int out, int stride) {
    return stride == 1 && in == out;
  }
}
