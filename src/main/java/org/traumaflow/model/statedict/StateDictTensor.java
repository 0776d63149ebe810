package org.traumaflow.model.statedict;

import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a state dict, as float32 values in C order whatever its stored type and strides.
 *
 * @param dtype the type it was stored as
 * @param shape its dimensions ({@code ()} for a scalar)
 * @param values {@code shape.size()} values, the last dimension fastest
 */
public record StateDictTensor(TensorDtype dtype, Shape shape, float[] values) {
  public StateDictTensor {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("a tensor of shape " + shape + " has " + shape.size() + " values, got " + values.length);
    }
  }

  /**
   * The tensor that views {@code storage} (little-endian elements of {@code dtype}) from element
   * {@code offset}, with {@code size} and {@code stride} counted in elements, as a torch tensor
   * views its storage: a transposed or sliced tensor is saved with its whole storage.
   *
   * @throws IllegalArgumentException when the view reaches outside the storage
   */
  static StateDictTensor view(TensorDtype dtype, ByteBuffer storage, long offset, long[] size, long[] stride) {
    if (size.length != stride.length) {
      throw new IllegalArgumentException("a view of size " + Arrays.toString(size) + " has strides " + Arrays.toString(stride));
    }
    long count = 1;
    long last = offset;
    for (int d = 0; d < size.length; d++) {
      if (size[d] < 0 || stride[d] < 0) {
        throw new IllegalArgumentException("a view has size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride));
      }
      count = Math.multiplyExact(count, size[d]);
      last += size[d] == 0 ? 0 : Math.multiplyExact(size[d] - 1, stride[d]);
    }
    long elements = storage.capacity() / dtype.bytes();
    if (count > 0 && (offset < 0 || last >= elements)) {
      throw new IllegalArgumentException("a view of size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + " from element "
          + offset + " reaches past its storage of " + elements + " elements");
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a tensor of " + count + " elements is too large");
    }
    ByteBuffer data = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) count];
    long[] index = new long[size.length];
    long at = offset;
    for (int i = 0; i < values.length; i++) {
      values[i] = dtype.read(data, Math.toIntExact(at));
      // Next C-order index: bump the last dimension, carrying into earlier ones.
      for (int d = size.length - 1; d >= 0; d--) {
        at += stride[d];
        if (++index[d] < size[d]) {
          break;
        }
        at -= stride[d] * size[d];
        index[d] = 0;
      }
    }
    return new StateDictTensor(dtype, new Shape(size), values);
  }

  /** The strides of a C-contiguous tensor of {@code size}, in elements. */
  static long[] contiguousStrides(long[] size) {
    long[] stride = new long[size.length];
    long step = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      stride[d] = step;
      step *= size[d];
    }
    return stride;
  }
}
