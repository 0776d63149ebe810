package org.traumaflow.model.statedict;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a state dict's tensors may have, with their names in both formats (the
 * safetensors header's {@code dtype}, the torch storage class a {@code torch.save} pickle names)
 * and how one little-endian element becomes a float32. Encoder weights are float32 here; half
 * precision and double weights are converted, and int64 is read for the batch-norm counters
 * ({@code num_batches_tracked}) that state dicts carry and the encoders do not use.
 */
public enum TensorDtype {
  F32("F32", "FloatStorage", 4),
  F16("F16", "HalfStorage", 2),
  BF16("BF16", "BFloat16Storage", 2),
  F64("F64", "DoubleStorage", 8),
  I64("I64", "LongStorage", 8);

  private final String safetensorsName;
  private final String torchStorage;
  private final int bytes;

  TensorDtype(String safetensorsName, String torchStorage, int bytes) {
    this.safetensorsName = safetensorsName;
    this.torchStorage = torchStorage;
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  static Optional<TensorDtype> ofSafetensors(String name) {
    return Arrays.stream(values()).filter(t -> t.safetensorsName.equals(name)).findFirst();
  }

  /** The type of a {@code torch.<name>} storage class, e.g. {@code FloatStorage}. */
  static Optional<TensorDtype> ofTorchStorage(String name) {
    return Arrays.stream(values()).filter(t -> t.torchStorage.equals(name)).findFirst();
  }

  /** Element {@code index} of {@code data} (little-endian), as a float32. */
  float read(ByteBuffer data, int index) {
    int at = index * bytes;
    return switch (this) {
      case F32 -> data.getFloat(at);
      case F16 -> halfToFloat(data.getShort(at));
      case BF16 -> Float.intBitsToFloat((data.getShort(at) & 0xFFFF) << 16);
      case F64 -> (float) data.getDouble(at);
      case I64 -> data.getLong(at);
    };
  }

  /** IEEE 754 binary16 to binary32, exactly (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short half) {
    int sign = (half & 0x8000) << 16;
    int exponent = (half >>> 10) & 0x1F;
    int mantissa = half & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa x 2^-24, exact in float32.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }
}
