package org.traumaflow.volume;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A NumPy {@code .npy} (format 1.0) array: little-endian uint8, int16 or float32 data in C order,
 * so that what a pipeline materialises opens with {@code numpy.load} unchanged.
 *
 * @param dtype the NumPy type string: {@code |u1}, {@code <i2} or {@code <f4}
 * @param shape the array's dimensions
 * @param data the raw little-endian bytes, product(shape) x item size long
 */
public record NpyArray(String dtype, int[] shape, byte[] data) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  public NpyArray {
    long expected = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) * itemSize(dtype);
    if (expected != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs " + expected + " bytes, got " + data.length);
    }
  }

  public static NpyArray ofUint8(byte[] values, int... shape) {
    return new NpyArray("|u1", shape, values);
  }

  public static NpyArray ofInt16(short[] values, int... shape) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asShortBuffer().put(values);
    return new NpyArray("<i2", shape, bytes.array());
  }

  public static NpyArray ofFloat32(float[] values, int... shape) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return new NpyArray("<f4", shape, bytes.array());
  }

  /** Writes magic, version, the header dict padded to a multiple of 64 bytes, then the data. */
  public void writeTo(OutputStream out) throws IOException {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? ",)" : ")") + ", }";
    int unpadded = MAGIC.length + 2 + header.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String padded = header + " ".repeat(padding) + "\n";
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(MAGIC);
    int length = padded.length();
    head.write(length & 0xFF);
    head.write(length >>> 8);
    head.write(padded.getBytes(StandardCharsets.US_ASCII));
    out.write(head.toByteArray());
    out.write(data);
  }

  private static int itemSize(String dtype) {
    return switch (dtype) {
      case "|u1" -> 1;
      case "<i2" -> 2;
      case "<f4" -> 4;
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
    };
  }
}
