package org.traumaflow.model;

import static org.traumaflow.model.Conv2dLayers.batchNorm;
import static org.traumaflow.model.Conv2dLayers.conv;
import static org.traumaflow.model.Conv2dLayers.relu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.traumaflow.sequence.SequenceSample;

/**
 * The seed's UNet aux head ({@link AuxHead#UNET}): a UNet decoder over the encoder's features.
 * Takes {@code (stride-16 map, stride-32 map)} and gives {@code (N, 4, S/4, S/4)} mask logits:
 * the stride-32 map upsampled 2x (nearest) and concatenated with the stride-16 map, then three
 * decoder blocks of (3x3 convolution, batch norm, ReLU) twice at {@link #CHANNELS} channels, the
 * second and third each after a 2x upsampling, then a 1x1 convolution to the mask organs.
 *
 * <p>The skip connections stop at stride 16 because that is the shallowest map every encoder here
 * gives, TorchScript ones included; the two decoder blocks past it upsample without a skip.
 */
final class UnetMaskHead extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Channels of each decoder block, from stride 16 to stride 4 (smp's Unet decoder's last three widths x2). */
  static final int[] CHANNELS = {128, 64, 32};

  private final Block[] decoder = new Block[CHANNELS.length];
  private final Block toMasks;

  UnetMaskHead() {
    super(VERSION);
    for (int i = 0; i < CHANNELS.length; i++) {
      decoder[i] = addChildBlock("decoder" + i, block(CHANNELS[i]));
    }
    toMasks = addChildBlock("masks", conv(SequenceSample.MaskOrgan.COUNT, 1, 1, 1, true));
  }

  private static Block block(int channels) {
    return new SequentialBlock()
        .add(conv(channels, 3, 1)).add(batchNorm(1e-5f)).add(relu())
        .add(conv(channels, 3, 1)).add(batchNorm(1e-5f)).add(relu());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = up(inputs.get(1)).concat(inputs.get(0), 1);
    for (int i = 0; i < decoder.length; i++) {
      x = decoder[i].forward(store, new NDList(i == 0 ? x : up(x)), training).singletonOrThrow();
    }
    return toMasks.forward(store, new NDList(x), training);
  }

  /** Nearest-neighbour 2x upsampling of {@code (N, C, H, W)}. */
  private static NDArray up(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape map16 = inputs[0];
    return new Shape[] {new Shape(map16.get(0), SequenceSample.MaskOrgan.COUNT, map16.get(2) * 4, map16.get(3) * 4)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape map16 = inputShapes[0];
    Shape map32 = inputShapes[1];
    long n = map16.get(0);
    Shape in = new Shape(n, map16.get(1) + map32.get(1), map16.get(2), map16.get(3));
    for (int i = 0; i < decoder.length; i++) {
      decoder[i].initialize(manager, dataType, in);
      long size = map16.get(2) << (i + 1);
      in = new Shape(n, CHANNELS[i], size, size);
    }
    toMasks.initialize(manager, dataType, new Shape(n, CHANNELS[CHANNELS.length - 1], map16.get(2) * 4, map16.get(3) * 4));
  }
}
