package org.traumaflow.model;

import static org.traumaflow.model.Conv2dLayers.batchNorm;
import static org.traumaflow.model.Conv2dLayers.conv;
import static org.traumaflow.model.Conv2dLayers.relu;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.traumaflow.nn.ResNetBlocks;

/**
 * A ResNet-18/34-style 2D encoder (torchvision's {@code resnet18}/{@code resnet34} layout), built
 * like DJL's {@code ResNetV1} from small block functions ({@link ResNetBlocks}, shared with the
 * stage-1 network):
 *
 * <pre>
 * stem: conv 7x7/2 + BN + ReLU, max pool 3x3/2 .............. stride 4  (64)
 * stage 1: basic blocks ..................................... stride 4  (64)
 * stage 2: basic blocks, the first with stride 2 ............ stride 8  (128)
 * stage 3 ................................................... stride 16 (256)  -> aux head
 * stage 4 ................................................... stride 32 (512)  -> aux head, pooled
 * </pre>
 *
 * Channels are scaled by the config's width multiplier, blocks per stage by its depth
 * multiplier. The pooled vector is the global average of stage 4.
 */
public final class ResNetEncoder {
  /** Channels of the four stages of the reference layout (the stem has the first's). */
  public static final List<Integer> CHANNELS = List.of(64, 128, 256, 512);

  private static final float EPSILON = 1e-5f;
  private static final ResNetBlocks RESNET = new ResNetBlocks(Conv2dLayers::conv, () -> batchNorm(EPSILON));

  private ResNetEncoder() {}

  public static FeatureEncoder build(SequenceModelConfig config) {
    if (!config.encoder().isResNet()) {
      throw new IllegalArgumentException(config.encoder() + " is not a ResNet");
    }
    int[] channels = new int[CHANNELS.size()];
    int[] blocks = new int[CHANNELS.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = config.channels(CHANNELS.get(i));
      blocks[i] = config.repeats(config.encoder().blocks().get(i));
    }
    Block toStride16 = new SequentialBlock()
        .add(stem(channels[0]))
        .add(RESNET.stage(channels[0], blocks[0], 1, false))
        .add(RESNET.stage(channels[1], blocks[1], 2, true))
        .add(RESNET.stage(channels[2], blocks[2], 2, true));
    Block toStride32 = RESNET.stage(channels[3], blocks[3], 2, true);
    return new FeatureEncoder(toStride16, toStride32, Blocks.identityBlock(), new EncoderShape(channels[2], channels[3], channels[3]));
  }

  /** ResNet's stem: a 7x7 stride-2 convolution, batch norm, ReLU and a 3x3 stride-2 max pool. */
  static Block stem(int channels) {
    return new SequentialBlock()
        .add(conv(channels, 7, 2))
        .add(batchNorm(EPSILON))
        .add(relu())
        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
  }
}
