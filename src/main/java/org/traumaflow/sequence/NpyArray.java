package org.traumaflow.sequence;

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
    long expected = new Header(dtype, shape).dataBytes();
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
    writeHeader(out, dtype, shape);
    out.write(data);
  }

  /**
   * Writes the magic, version and header of a {@code dtype} array of {@code shape}; its data,
   * in C order, must follow. For arrays written piece by piece without holding them whole.
   */
  public static void writeHeader(OutputStream out, String dtype, int... shape) throws IOException {
    itemSize(dtype);
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
  }

  /** Reads a format 1.0 or 2.0 {@code .npy} of a supported type in C order. */
  public static NpyArray read(java.io.InputStream in) throws IOException {
    Header header = readHeader(in);
    long bytes = header.dataBytes();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException(".npy array of " + bytes + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length != bytes) {
      throw new IOException(".npy data is truncated: " + data.length + " of " + bytes + " bytes");
    }
    return new NpyArray(header.dtype(), header.shape(), data);
  }

  /**
   * The type and shape of a {@code .npy} array.
   *
   * @param dtype the NumPy type string
   * @param shape the array's dimensions
   */
  public record Header(String dtype, int[] shape) {
    /** Bytes of the data that follows the header. */
    public long dataBytes() {
      return Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) * itemSize(dtype);
    }
  }

  /**
   * Reads the magic, version and header of a format 1.0 or 2.0 {@code .npy} of a supported type
   * in C order, leaving {@code in} at the first data byte, so large arrays can be read in pieces.
   */
  public static Header readHeader(java.io.InputStream in) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || magic[0] != (byte) 0x93 || magic[1] != 'N' || magic[6] < 1 || magic[6] > 2) {
      throw new IOException("not a .npy file (no \\x93NUMPY magic of version 1 or 2)");
    }
    int headerLength;
    if (magic[6] == 1) {
      byte[] length = in.readNBytes(2);
      headerLength = (length[0] & 0xFF) | (length[1] & 0xFF) << 8;
    } else {
      byte[] length = in.readNBytes(4);
      headerLength = (length[0] & 0xFF) | (length[1] & 0xFF) << 8 | (length[2] & 0xFF) << 16 | (length[3] & 0xFF) << 24;
    }
    String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
    java.util.regex.Matcher descr = java.util.regex.Pattern.compile("'descr':\\s*'([^']+)'").matcher(header);
    java.util.regex.Matcher shape = java.util.regex.Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IOException("unsupported .npy header " + header.trim());
    }
    int[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
    try {
      itemSize(descr.group(1));
    } catch (IllegalArgumentException unsupported) {
      throw new IOException("unsupported .npy header " + header.trim(), unsupported);
    }
    return new Header(descr.group(1), dims);
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
