package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.ReferenceTools;

/** What a pipeline materialises opens in numpy unchanged. */
class NpyArrayTest {
  @TempDir Path dir;

  @Test
  void numpyLoadsEveryTypeWithItsShapeAndValues() throws Exception {
    byte[] bytes = new byte[2 * 3 * 5];
    short[] shorts = new short[7 * 3];
    float[] floats = new float[11];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (200 + i);
    }
    for (int i = 0; i < shorts.length; i++) {
      shorts[i] = (short) (-1024 + 100 * i);
    }
    for (int i = 0; i < floats.length; i++) {
      floats[i] = i / 4f;
    }
    check(NpyArray.ofUint8(bytes, 2, 3, 5), "|u1", "[2,3,5]", sumUnsigned(bytes), 200, (byte) (200 + 29) & 0xFF);
    check(NpyArray.ofInt16(shorts, 7, 3), "<i2", "[7,3]", sum(shorts), -1024, shorts[20]);
    check(NpyArray.ofFloat32(floats, 11), "<f4", "[11]", 13.75, 0, 2.5);
  }

  @Test
  void whatWeWriteReadsBackIdentically() throws Exception {
    short[] values = {-1024, 0, 40, 3071, -2000, 7};
    Path file = dir.resolve("back.npy");
    try (OutputStream out = Files.newOutputStream(file)) {
      NpyArray.ofInt16(values, 2, 3).writeTo(out);
    }
    NpyArray back;
    try (var in = Files.newInputStream(file)) {
      back = NpyArray.read(in);
    }
    assertEquals("<i2", back.dtype());
    assertEquals(java.util.List.of(2, 3), java.util.Arrays.stream(back.shape()).boxed().toList());
    org.junit.jupiter.api.Assertions.assertArrayEquals(NpyArray.ofInt16(values, 2, 3).data(), back.data());
  }

  @Test
  void anArrayWrittenHeaderFirstThenInPiecesIsTheWholeArray() throws Exception {
    byte[] first = {1, 2, 3};
    byte[] second = {4, 5, 6};
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    NpyArray.writeHeader(pieces, "|u1", 2, 3);
    pieces.write(first);
    pieces.write(second);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    NpyArray.ofUint8(new byte[] {1, 2, 3, 4, 5, 6}, 2, 3).writeTo(whole);
    assertArrayEquals(whole.toByteArray(), pieces.toByteArray());

    InputStream in = new ByteArrayInputStream(pieces.toByteArray());
    NpyArray.Header header = NpyArray.readHeader(in);
    assertEquals(6, header.dataBytes());
    assertArrayEquals(first, in.readNBytes(3), "the stream is left at the data");
  }

  private void check(NpyArray array, String dtype, String shape, double sum, double first, double last) throws Exception {
    Path file = dir.resolve(dtype.replaceAll("\\W", "") + ".npy");
    try (OutputStream out = Files.newOutputStream(file)) {
      array.writeTo(out);
    }
    JsonNode loaded = new ObjectMapper().readTree(ReferenceTools.python("reference/npy_describe.py", file.toString()));
    assertEquals(dtype, loaded.get("dtype").asText());
    assertEquals(shape, loaded.get("shape").toString());
    assertEquals(sum, loaded.get("sum").asDouble(), 1e-6);
    assertEquals(first, loaded.get("first").asDouble(), 1e-6);
    assertEquals(last, loaded.get("last").asDouble(), 1e-6);
  }

  private static double sumUnsigned(byte[] values) {
    double sum = 0;
    for (byte v : values) {
      sum += v & 0xFF;
    }
    return sum;
  }

  private static double sum(short[] values) {
    double sum = 0;
    for (short v : values) {
      sum += v;
    }
    return sum;
  }
}
