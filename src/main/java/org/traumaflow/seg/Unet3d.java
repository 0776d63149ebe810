package org.traumaflow.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.traumaflow.nn.ResNetBlocks;

/**
 * The stage-1 segmentation network (METHOD.md, "Stage 1"): a ResNet-18-style encoder with 3D
 * convolutions and a U-Net decoder, built, like DJL's {@code ResNetV1}, from small static
 * functions that return {@link Block}s.
 *
 * <p>Input: {@code (N, 1, depth, size, size)} float32 in [0, 1]. Output: {@code (N, outputs,
 * depth, size, size)} logits (apply a sigmoid for per-organ probabilities).
 *
 * <p>Layout, for the method's config (four stages):
 *
 * <pre>
 * level 0: stem conv 7x7x7/2 + BN + ReLU ............................ skip at 1/2  (64)
 * level 1: max pool 3x3x3/2, stage 1 (2 basic blocks) ............... skip at 1/4  (64)
 * level 2: stage 2 (first block stride 2) ........................... skip at 1/8  (128)
 * level 3: stage 3 .................................................. skip at 1/16 (256)
 * level 4: stage 4 .................................................. bottom 1/32 (512)
 * decoder, from level 3 up to 0: upsample x2, concatenate the skip, (conv 3x3x3 + BN + ReLU) x2
 *   with 256, 128, 64, 32 channels; then upsample x2 and a 3x3x3 conv (with bias) to the logits,
 *   like segmentation_models_pytorch's segmentation head, so that the output is not blocky.
 * </pre>
 *
 * Each level is a {@link SequentialBlock}: its encoder part, then a {@link ParallelBlock} that
 * concatenates the level's features with the upsampled output of the next level, then a decoder
 * block; so the U-Net is the recursion {@code level(k) = encoder(k) -> [identity | level(k+1) ->
 * up] -> decoder(k)}. Upsampling is nearest-neighbour, as in segmentation_models_pytorch's U-Net.
 * Convolutions before a batch norm have no bias.
 */
public final class Unet3d {
  /** ResNet-18's stages with cubic kernels. */
  static final ResNetBlocks RESNET = new ResNetBlocks((filters, kernel, stride) -> conv(filters, kernel, stride, false), Unet3d::batchNorm);

  private Unet3d() {}

  /** The whole network for {@code config}; uninitialised (see {@link SegmentationModel}). */
  public static Block build(SegmentationConfig config) {
    return new SequentialBlock()
        .add(level(config, 0))
        .add(upsample())
        .add(conv(config.outputs(), 3, 1, true));
  }

  /**
   * Level {@code k} of the U-Net: its encoder part, and for every level but the deepest, the
   * skip concatenation with the deeper levels' upsampled output and a decoder block.
   */
  static Block level(SegmentationConfig config, int k) {
    SequentialBlock level = new SequentialBlock().add(encoder(config, k));
    if (k == config.stages()) {
      return level;
    }
    Block deeper = new SequentialBlock().add(level(config, k + 1)).add(upsample());
    int decoderChannels = config.decoderChannels().get(config.stages() - 1 - k);
    return level
        .add(concatenate(List.of(Blocks.identityBlock(), deeper)))
        .add(decoderBlock(decoderChannels));
  }

  /** The encoder part of level {@code k}: the stem for 0, pool + stage 1 for 1, stage k otherwise. */
  static Block encoder(SegmentationConfig config, int k) {
    List<Integer> channels = config.encoderChannels();
    if (k == 0) {
      return stem(channels.get(0));
    }
    SequentialBlock encoder = new SequentialBlock();
    if (k == 1) {
      encoder.add(Pool.maxPool3dBlock(new Shape(3, 3, 3), new Shape(2, 2, 2), new Shape(1, 1, 1)));
    }
    // Stage 1 keeps the stem's channels and (after the pool) its resolution; later stages halve
    // the resolution, so their first block projects the shortcut.
    return encoder.add(RESNET.stage(channels.get(k - 1), config.blocksPerStage(), k == 1 ? 1 : 2, k > 1));
  }

  /** ResNet's stem: a 7x7x7 stride-2 convolution, batch norm, ReLU. */
  static Block stem(int channels) {
    return new SequentialBlock().add(conv(channels, 7, 2, false)).add(batchNorm()).add(Activation::relu);
  }

  /** A U-Net decoder block: two (3x3x3 convolution, batch norm, ReLU). */
  static Block decoderBlock(int channels) {
    return new SequentialBlock()
        .add(conv(channels, 3, 1, false))
        .add(batchNorm())
        .add(Activation::relu)
        .add(conv(channels, 3, 1, false))
        .add(batchNorm())
        .add(Activation::relu);
  }

  /** Runs {@code branches} on the same input and concatenates their outputs along the channels. */
  static Block concatenate(List<Block> branches) {
    return new ParallelBlock(
        outputs -> {
          NDList parts = new NDList(outputs.size());
          for (NDList output : outputs) {
            parts.add(output.singletonOrThrow());
          }
          return new NDList(NDArrays.concat(parts, 1));
        },
        branches);
  }

  /** Nearest-neighbour 2x upsampling of depth, rows and columns. */
  static Block upsample() {
    return LambdaBlock.singleton(Unet3d::upsample2x, "upsample2x");
  }

  /** {@code (N, C, D, H, W)} to {@code (N, C, 2D, 2H, 2W)}, every voxel repeated 2 x 2 x 2 times. */
  static NDArray upsample2x(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 5) {
      throw new IllegalArgumentException("upsampling needs (N, C, D, H, W), got " + s);
    }
    long n = s.get(0);
    long c = s.get(1);
    long d = s.get(2);
    long h = s.get(3);
    long w = s.get(4);
    return x.reshape(n, c, d, 1, h, 1, w, 1)
        .broadcast(new Shape(n, c, d, 2, h, 2, w, 2))
        .reshape(n, c, 2 * d, 2 * h, 2 * w);
  }

  /** A cubic convolution with "same" padding for odd kernels. */
  static Block conv(int filters, int kernel, int stride, boolean bias) {
    int pad = kernel / 2;
    return Conv3d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel, kernel))
        .optStride(new Shape(stride, stride, stride))
        .optPadding(new Shape(pad, pad, pad))
        .optBias(bias)
        .build();
  }

  /** Batch norm over the channel axis; DJL's momentum 0.9 is PyTorch's default momentum 0.1. */
  static Block batchNorm() {
    return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
  }

}
