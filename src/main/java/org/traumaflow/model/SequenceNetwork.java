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
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.traumaflow.volume.SequenceSample;

/**
 * The stage-2 network (METHOD.md, "Stage 2"): a 2D encoder per slice triplet, a bidirectional
 * GRU over the 32 steps, a linear head per step, and auxiliary segmentation heads on the
 * encoder's last two feature maps.
 *
 * <p>Input: {@code (B, 32, 3, S, S)} float32 in [0, 1]. Output, in this order:
 *
 * <ul>
 *   <li>{@code (B, 32, outputs)} per-step logits,
 *   <li>{@code (B * 32, 4, S/16, S/16)} mask logits of the stride-16 aux head,
 *   <li>{@code (B * 32, 4, S/32, S/32)} mask logits of the stride-32 aux head,
 * </ul>
 * the masks in {@link SequenceSample.MaskOrgan} order, step-major like the input.
 *
 * <p>The bidirectional GRU is two one-way GRUs, the second run on the time-reversed sequence and
 * its output reversed back, their outputs concatenated per step: DJL's own bidirectional GRU
 * with biases fails on the PyTorch engine (DESIGN.md, "Known traps"). Dropout is applied to the
 * per-step features before the GRU and to the GRU's outputs before the head.
 */
public final class SequenceNetwork extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int STEPS = SequenceSample.STEPS;

  private final Block encoder;
  private final EncoderShape shape;
  private final Block forwardGru;
  private final Block backwardGru;
  private final Block head;
  private final Block aux16;
  private final Block aux32;
  private final float dropout;
  private final int outputs;

  private SequenceNetwork(SequenceModelConfig config, Block encoder, EncoderShape shape) {
    super(VERSION);
    this.encoder = addChildBlock("encoder", encoder);
    this.shape = shape;
    this.forwardGru = addChildBlock("gruForward", gru(config.gruHidden()));
    this.backwardGru = addChildBlock("gruBackward", gru(config.gruHidden()));
    this.head = addChildBlock("head", Linear.builder().setUnits(config.outputs()).build());
    this.aux16 = addChildBlock("aux16", auxHead(shape.channels16()));
    this.aux32 = addChildBlock("aux32", auxHead(shape.channels32()));
    this.dropout = (float) config.dropout();
    this.outputs = config.outputs();
  }

  /** The network {@code config} describes with a built-in encoder, uninitialised (see {@link SequenceModel}). */
  public static SequenceNetwork build(SequenceModelConfig config) {
    FeatureEncoder encoder = FeatureEncoder.of(config);
    return new SequenceNetwork(config, encoder, encoder.shape());
  }

  /**
   * The network {@code config} describes on {@code scripted}, a {@link ScriptedEncoder} of the
   * config's encoder shape; the rest uninitialised.
   */
  public static SequenceNetwork build(SequenceModelConfig config, Block scripted) {
    if (config.scriptedEncoder() == null) {
      throw new IllegalArgumentException(config.encoder() + " is not a TorchScript encoder");
    }
    return new SequenceNetwork(config, scripted, config.scriptedEncoder());
  }

  /** The 2D encoder: a {@link FeatureEncoder}, or a {@link ScriptedEncoder}'s module. */
  public Block encoder() {
    return encoder;
  }

  /** One direction of the sequence model: a one-layer GRU over {@code (B, T, F)}, giving {@code (B, T, hidden)}. */
  static Block gru(int hidden) {
    return GRU.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
  }

  /**
   * An auxiliary segmentation head: (3x3 convolution, batch norm, ReLU) twice at the feature
   * map's own width, then a 1x1 convolution with bias to one logit per mask organ.
   */
  static Block auxHead(int channels) {
    return new SequentialBlock()
        .add(conv(channels, 3, 1))
        .add(batchNorm(1e-5f))
        .add(relu())
        .add(conv(channels, 3, 1))
        .add(batchNorm(1e-5f))
        .add(relu())
        .add(conv(SequenceSample.MaskOrgan.COUNT, 1, 1, 1, true));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    long batch = images.getShape().get(0);
    NDArray slices = images.reshape(slices(images.getShape()));
    NDList features = encoder.forward(store, new NDList(slices), training);
    NDArray steps = features.get(2).reshape(batch, STEPS, shape.features());
    steps = Dropout.dropout(steps, dropout, training).singletonOrThrow();
    NDArray sequence = bidirectional(store, steps, training);
    sequence = Dropout.dropout(sequence, dropout, training).singletonOrThrow();
    NDArray logits = head.forward(store, new NDList(sequence.reshape(batch * STEPS, -1)), training)
        .singletonOrThrow()
        .reshape(batch, STEPS, outputs);
    NDArray masks16 = aux16.forward(store, new NDList(features.get(0)), training).singletonOrThrow();
    NDArray masks32 = aux32.forward(store, new NDList(features.get(1)), training).singletonOrThrow();
    return new NDList(logits, masks16, masks32);
  }

  /** {@code (B, T, F)} to {@code (B, T, 2 * hidden)}: forward states, then backward states, per step. */
  private NDArray bidirectional(ParameterStore store, NDArray steps, boolean training) {
    NDArray ahead = forwardGru.forward(store, new NDList(steps), training).get(0);
    NDArray back = backwardGru.forward(store, new NDList(steps.flip(1)), training).get(0).flip(1);
    return ahead.concat(back, 2);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    long batch = in.get(0);
    Shape[] maps = maps(in);
    return new Shape[] {
      new Shape(batch, STEPS, outputs), aux16.getOutputShapes(new Shape[] {maps[0]})[0], aux32.getOutputShapes(new Shape[] {maps[1]})[0]
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 5 || in.get(1) != STEPS) {
      throw new IllegalArgumentException("the network takes (B, " + STEPS + ", 3, S, S), got " + in);
    }
    encoder.initialize(manager, dataType, slices(in));
    Shape[] maps = maps(in);
    Shape steps = new Shape(in.get(0), STEPS, shape.features());
    forwardGru.initialize(manager, dataType, steps);
    backwardGru.initialize(manager, dataType, steps);
    long hidden = forwardGru.getOutputShapes(new Shape[] {steps})[0].get(2);
    head.initialize(manager, dataType, new Shape(in.get(0) * STEPS, 2 * hidden));
    aux16.initialize(manager, dataType, maps[0]);
    aux32.initialize(manager, dataType, maps[1]);
  }

  /** The encoder's two feature maps for an input {@code in}, from its shape and the strides. */
  private Shape[] maps(Shape in) {
    long n = in.get(0) * STEPS;
    return new Shape[] {
      new Shape(n, shape.channels16(), in.get(3) / 16, in.get(4) / 16), new Shape(n, shape.channels32(), in.get(3) / 32, in.get(4) / 32)
    };
  }

  private static Shape slices(Shape in) {
    return new Shape(in.get(0) * STEPS, in.get(2), in.get(3), in.get(4));
  }
}
