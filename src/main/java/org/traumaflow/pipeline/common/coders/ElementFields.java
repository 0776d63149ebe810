package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;

/**
 * The fields the element coders share, each in the one wire format every coder writes it in:
 * counts and lengths as big-endian ints before their values.
 */
final class ElementFields {
  /** Values per buffer when a large array is encoded or decoded. */
  private static final int CHUNK = 64 * 1024;

  private ElementFields() {}

  static void writeGeometry(DataOutputStream data, SeriesGeometry g) throws IOException {
    data.writeInt(g.rows());
    data.writeInt(g.columns());
    writeDoubles(data, g.pixelSpacing());
    writeDoubles(data, g.imageOrientation());
    writeDoubles(data, g.firstPosition());
    writeDoubles(data, g.slicePositions());
  }

  static SeriesGeometry readGeometry(DataInputStream data) throws IOException {
    return new SeriesGeometry(data.readInt(), data.readInt(), readDoubles(data), readDoubles(data), readDoubles(data), readDoubles(data));
  }

  static void writeIssues(DataOutputStream data, List<SeriesIssue> issues) throws IOException {
    data.writeInt(issues.size());
    for (SeriesIssue issue : issues) {
      data.writeUTF(issue.kind().name());
      writeLong(data, issue.detail());
    }
  }

  static List<SeriesIssue> readIssues(DataInputStream data) throws IOException {
    int n = checkedLength(data.readInt());
    List<SeriesIssue> issues = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      issues.add(new SeriesIssue(SeriesIssue.Kind.valueOf(data.readUTF()), readLong(data)));
    }
    return issues;
  }

  static void writeInts(DataOutputStream data, int[] values) throws IOException {
    data.writeInt(values.length);
    for (int v : values) {
      data.writeInt(v);
    }
  }

  static int[] readInts(DataInputStream data) throws IOException {
    int[] values = new int[checkedLength(data.readInt())];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.readInt();
    }
    return values;
  }

  static void writeStrings(DataOutputStream data, List<String> values) throws IOException {
    data.writeInt(values.size());
    for (String value : values) {
      writeLong(data, value);
    }
  }

  static List<String> readStrings(DataInputStream data) throws IOException {
    int n = checkedLength(data.readInt());
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(readLong(data));
    }
    return values;
  }

  /** UTF-8 with an int length: writeUTF stops at 64 KB, and reasons or URIs may not. */
  static void writeLong(DataOutputStream data, String value) throws IOException {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    data.writeInt(bytes.length);
    data.write(bytes);
  }

  static String readLong(DataInputStream data) throws IOException {
    byte[] bytes = new byte[checkedLength(data.readInt())];
    data.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  static void writeDoubles(DataOutputStream data, double[] values) throws IOException {
    data.writeInt(values.length);
    for (double v : values) {
      data.writeDouble(v);
    }
  }

  static double[] readDoubles(DataInputStream data) throws IOException {
    double[] values = new double[checkedLength(data.readInt())];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.readDouble();
    }
    return values;
  }

  /**
   * Little-endian float32 values after their count, through a small buffer: a whole-array byte
   * copy would double a long series' footprint each time a runner encodes or decodes it.
   */
  static void writeFloats(DataOutputStream data, float[] values) throws IOException {
    data.writeInt(values.length);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(values, from, n);
      data.write(chunk.array(), 0, n * 4);
    }
  }

  static float[] readFloats(DataInputStream data) throws IOException {
    float[] values = new float[checkedLength(data.readInt())];
    byte[] chunk = new byte[CHUNK * 4];
    for (int from = 0; from < values.length; from += CHUNK) {
      int n = Math.min(CHUNK, values.length - from);
      data.readFully(chunk, 0, n * 4);
      ByteBuffer.wrap(chunk, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, from, n);
    }
    return values;
  }

  static int checkedLength(int length) throws CoderException {
    if (length < 0) {
      throw new CoderException("negative length " + length + ": corrupt encoded element");
    }
    return length;
  }
}
