package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/** The 2D layers the stage-2 encoders and heads are made of. */
final class Conv2dLayers {
  private Conv2dLayers() {}

  /** A square convolution with "same" padding for odd kernels; {@code groups} = channels is depthwise. */
  static Block conv(int filters, int kernel, int stride, int groups, boolean bias) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optGroups(groups)
        .optBias(bias)
        .build();
  }

  /** A dense convolution without bias, to be followed by a batch norm. */
  static Block conv(int filters, int kernel, int stride) {
    return conv(filters, kernel, stride, 1, false);
  }

  /** Batch norm over the channel axis; DJL's momentum 0.9 is PyTorch's default momentum 0.1. */
  static Block batchNorm(float epsilon) {
    return BatchNorm.builder().optMomentum(0.9f).optEpsilon(epsilon).build();
  }

  /** SiLU (swish with beta 1), EfficientNet's activation. */
  static Block silu() {
    return LambdaBlock.singleton(Conv2dLayers::silu, "silu");
  }

  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  static Block relu() {
    return LambdaBlock.singleton(Activation::relu, "relu");
  }

  /** Joins a path and its gate: their product (squeeze-and-excitation). */
  static NDList product(List<NDList> branches) {
    return new NDList(branches.get(0).singletonOrThrow().mul(branches.get(1).singletonOrThrow()));
  }
}
