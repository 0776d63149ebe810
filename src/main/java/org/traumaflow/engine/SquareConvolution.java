package org.traumaflow.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A bias-free 2D or 3D convolution with a cubic kernel and "same" padding, as the engine's checks
 * and benchmarks run it straight on the engine, without a block around it.
 *
 * @param channels output channels
 * @param kernel the kernel's side
 * @param stride the stride along every spatial axis
 */
public record SquareConvolution(int channels, int kernel, int stride) {
  /** The weight's shape for an {@code (N, C, spatial...)} input. */
  public Shape weightShape(Shape input) {
    long[] shape = new long[input.dimension()];
    shape[0] = channels;
    shape[1] = input.get(1);
    Arrays.fill(shape, 2, shape.length, kernel);
    return new Shape(shape);
  }

  /** The convolution of {@code input} with {@code weight} (of {@link #weightShape}). */
  public NDArray apply(NDArray input, NDArray weight) {
    int dims = input.getShape().dimension() - 2;
    return input.getNDArrayInternal()
        .convolution(input, weight, null, repeated(dims, stride), repeated(dims, kernel / 2), repeated(dims, 1), 1)
        .singletonOrThrow();
  }

  private static Shape repeated(int dims, long value) {
    long[] values = new long[dims];
    Arrays.fill(values, value);
    return new Shape(values);
  }
}
