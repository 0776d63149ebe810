package org.traumaflow.model;

import static org.traumaflow.model.Conv2dLayers.batchNorm;
import static org.traumaflow.model.Conv2dLayers.conv;
import static org.traumaflow.model.Conv2dLayers.relu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import org.traumaflow.sequence.SequenceSample;

/**
 * The stage-2 network (METHOD.md, "Stage 2"): a 2D encoder per slice triplet, a bidirectional
 * GRU over the 32 steps, a linear head per step, and an auxiliary segmentation head
 * ({@link AuxHead}) on the encoder's last two feature maps.
 *
 * <p>Input: {@code (B, 32, 3, S, S)} float32 in [0, 1]. Output: {@code (B, 32, outputs)} per-step
 * logits, then one {@code (B * 32, 4, S/k, S/k)} mask-logit array per stride {@code k} of the
 * head's {@link AuxHead#maskStrides()}: for {@link AuxHead#CNN} a head on the stride-16 map, then
 * one on the stride-32 map; for {@link AuxHead#UNET} the decoder's stride-4 masks. The masks are
 * in {@link SequenceSample.MaskOrgan} order, step-major like the input.
 *
 * <p>The bidirectional GRU is two one-way GRUs, the second run on the time-reversed sequence and
 * its output reversed back, their outputs concatenated per step: DJL's own bidirectional GRU
 * with biases fails on the PyTorch engine (DESIGN.md, "Known traps"). Dropout is applied to the
 * per-step features before the GRU and to the GRU's outputs before the head.
 */
public final class SequenceNetwork extends AbstractBlock {
  // 2: the CNN aux heads' hidden width became 128 and the UNet head was added.
  private static final byte VERSION = 2;
  private static final int STEPS = SequenceSample.STEPS;

  private final Block encoder;
  private final EncoderShape shape;
  private final Block forwardGru;
  private final Block backwardGru;
  private final Block head;
  /** The CNN head's two blocks (stride 16, stride 32), or the one {@link UnetMaskHead}. */
  private final Block[] aux;
  private final float dropout;
  private final int outputs;

  private SequenceNetwork(SequenceModelConfig config, Block encoder, EncoderShape shape) {
    super(VERSION);
    this.encoder = addChildBlock("encoder", encoder);
    this.shape = shape;
    this.forwardGru = addChildBlock("gruForward", gru(config.gruHidden()));
    this.backwardGru = addChildBlock("gruBackward", gru(config.gruHidden()));
    this.head = addChildBlock("head", Linear.builder().setUnits(config.outputs()).build());
    this.aux = config.head() == AuxHead.UNET
        ? new Block[] {addChildBlock("auxUnet", new UnetMaskHead())}
        : new Block[] {addChildBlock("aux16", auxHead()), addChildBlock("aux32", auxHead())};
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
   * A CNN aux head, the writeup's {@code get_mask_head}: (3x3 convolution to {@value
   * AuxHead#CNN_CHANNELS} channels, batch norm, ReLU) twice, then a 1x1 convolution with bias to
   * one logit per mask organ. The 3x3 convolutions have no bias: the batch norm after each
   * cancels it.
   */
  static Block auxHead() {
    return new SequentialBlock()
        .add(conv(AuxHead.CNN_CHANNELS, 3, 1))
        .add(batchNorm(1e-5f))
        .add(relu())
        .add(conv(AuxHead.CNN_CHANNELS, 3, 1))
        .add(batchNorm(1e-5f))
        .add(relu())
        .add(conv(SequenceSample.MaskOrgan.COUNT, 1, 1, 1, true));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    long batch = images.getShape().get(0);
    NDList features = encoder.forward(store, new NDList(images.reshape(slices(images.getShape()))), training);
    NDList out = new NDList(stepLogits(store, features.get(2), batch, training));
    if (aux.length == 1) {
      out.add(aux[0].forward(store, new NDList(features.get(0), features.get(1)), training).singletonOrThrow());
    } else {
      out.add(aux[0].forward(store, new NDList(features.get(0)), training).singletonOrThrow());
      out.add(aux[1].forward(store, new NDList(features.get(1)), training).singletonOrThrow());
    }
    return out;
  }

  /**
   * The per-step logits {@code (B, 32, outputs)} of {@code images} for inference, without the aux
   * heads, which only training reads. The encoder takes {@code tripletsPerPass} triplets at a
   * time: on a CPU a smaller pass is faster per triplet, because its activations stay small
   * enough to be reused from the allocator and the caches instead of being fresh pages each
   * layer (BENCHMARKS.md, "Scoring throughput"). The logits do not depend on the split beyond
   * rounding.
   */
  public NDArray logits(ParameterStore store, NDArray images, int tripletsPerPass) {
    if (tripletsPerPass < 1) {
      throw new IllegalArgumentException("triplets per encoder pass must be at least 1, got " + tripletsPerPass);
    }
    long batch = images.getShape().get(0);
    NDArray slices = images.reshape(slices(images.getShape()));
    long triplets = slices.getShape().get(0);
    NDManager owner = slices.getManager();
    NDList pooled = new NDList();
    for (long from = 0; from < triplets; from += tripletsPerPass) {
      // Each pass's feature maps are freed before the next pass allocates its own.
      try (NDManager pass = owner.newSubManager()) {
        NDArray part = slices.get(new NDIndex("{}:{}", from, Math.min(triplets, from + tripletsPerPass)));
        part.attach(pass);
        NDArray features = encoder.forward(store, new NDList(part), false).get(2);
        features.attach(owner);
        pooled.add(features);
      }
    }
    NDArray features = pooled.size() == 1 ? pooled.singletonOrThrow() : NDArrays.concat(pooled, 0);
    return stepLogits(store, features, batch, false);
  }

  /** The GRU and the head over pooled per-triplet features {@code (B * 32, F)}: {@code (B, 32, outputs)}. */
  private NDArray stepLogits(ParameterStore store, NDArray pooled, long batch, boolean training) {
    NDArray steps = pooled.reshape(batch, STEPS, shape.features());
    steps = Dropout.dropout(steps, dropout, training).singletonOrThrow();
    NDArray sequence = bidirectional(store, steps, training);
    sequence = Dropout.dropout(sequence, dropout, training).singletonOrThrow();
    return head.forward(store, new NDList(sequence.reshape(batch * STEPS, -1)), training)
        .singletonOrThrow()
        .reshape(batch, STEPS, outputs);
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
    Shape logits = new Shape(batch, STEPS, outputs);
    if (aux.length == 1) {
      return new Shape[] {logits, aux[0].getOutputShapes(maps)[0]};
    }
    return new Shape[] {logits, aux[0].getOutputShapes(new Shape[] {maps[0]})[0], aux[1].getOutputShapes(new Shape[] {maps[1]})[0]};
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
    if (aux.length == 1) {
      aux[0].initialize(manager, dataType, maps);
    } else {
      aux[0].initialize(manager, dataType, maps[0]);
      aux[1].initialize(manager, dataType, maps[1]);
    }
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
