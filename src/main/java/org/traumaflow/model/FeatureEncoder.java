package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2D encoder that gives what the stage-2 network needs of it: for images {@code (N, 3, S, S)}
 * in [0, 1], its feature map at stride 16 {@code (N, channels16, S/16, S/16)}, its feature map at
 * stride 32 {@code (N, channels32, S/32, S/32)} (the aux heads' inputs), and a pooled feature
 * vector {@code (N, features)}: the global average of {@code head} applied to the stride-32 map.
 *
 * <p>Built from three blocks so that the intermediate map can be tapped without a second pass:
 * {@code toStride16}, then {@code toStride32} on its output, then {@code head}.
 */
public final class FeatureEncoder extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Block toStride16;
  private final Block toStride32;
  private final Block head;
  private final EncoderShape shape;

  /**
   * @param shape the channels of {@code toStride16}'s and {@code toStride32}'s outputs and of
   *     {@code head}'s, the length of the pooled vector
   */
  public FeatureEncoder(Block toStride16, Block toStride32, Block head, EncoderShape shape) {
    super(VERSION);
    this.toStride16 = addChildBlock("stride16", toStride16);
    this.toStride32 = addChildBlock("stride32", toStride32);
    this.head = addChildBlock("head", head);
    this.shape = shape;
  }

  /** The built-in encoder {@code config} names, uninitialised. */
  public static FeatureEncoder of(SequenceModelConfig config) {
    return switch (config.encoder()) {
      case RESNET18, RESNET34 -> ResNetEncoder.build(config);
      case EFFICIENTNET_V2_S -> EfficientNetV2Encoder.build(config);
      case TORCHSCRIPT -> throw new IllegalArgumentException("a TorchScript encoder is loaded, not built: see ScriptedEncoder");
    };
  }

  public EncoderShape shape() {
    return shape;
  }

  /** {@code (stride-16 map, stride-32 map, pooled vector)}. */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray map16 = toStride16.forward(store, inputs, training).singletonOrThrow();
    NDArray map32 = toStride32.forward(store, new NDList(map16), training).singletonOrThrow();
    NDArray pooled = Pool.globalAvgPool2d(head.forward(store, new NDList(map32), training).singletonOrThrow());
    return new NDList(map16, map32, pooled);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape[] map16 = toStride16.getOutputShapes(inputs);
    Shape[] map32 = toStride32.getOutputShapes(map16);
    return new Shape[] {map16[0], map32[0], new Shape(inputs[0].get(0), shape.features())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    toStride16.initialize(manager, dataType, inputShapes);
    Shape[] map16 = toStride16.getOutputShapes(inputShapes);
    toStride32.initialize(manager, dataType, map16);
    Shape[] map32 = toStride32.getOutputShapes(map16);
    head.initialize(manager, dataType, map32);
  }
}
