package org.traumaflow.pipeline;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.volume.PreparedSeries;
import org.traumaflow.volume.SequenceSample;
import org.traumaflow.volume.SliceTarget;
import org.traumaflow.volume.Stage1Input;
import org.traumaflow.volume.WindowedVolume;

/**
 * Explicit, compact coders for the pipeline's elements. Volumes travel as raw little-endian
 * arrays (one bulk copy, no per-voxel calls, no Java serialization); the rest as
 * length-prefixed fields in a fixed order.
 */
public final class ElementCoders {
  /** Values per buffer when a large array is encoded or decoded. */
  private static final int CHUNK = 64 * 1024;

  private ElementCoders() {}

  public static final class SeriesRefCoder extends AtomicCoder<SeriesRef> {
    private static final SeriesRefCoder INSTANCE = new SeriesRefCoder();

    public static SeriesRefCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SeriesRef value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeUTF(value.split());
      data.writeUTF(value.patientId());
      data.writeUTF(value.seriesId());
      writeStrings(data, value.files());
      data.writeUTF(value.inputSha256());
      data.flush();
    }

    @Override
    public SeriesRef decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      return new SeriesRef(data.readUTF(), data.readUTF(), data.readUTF(), readStrings(data), data.readUTF());
    }

    @Override
    public void verifyDeterministic() {}
  }

  public static final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
    private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

    public static DeadLetterCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      writeLong(data, value.stage());
      writeLong(data, value.item());
      writeLong(data, value.location());
      writeLong(data, value.errorType());
      writeLong(data, value.reason());
      data.writeBoolean(value.fatal());
      data.flush();
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      return new DeadLetter(readLong(data), readLong(data), readLong(data), readLong(data), readLong(data), data.readBoolean());
    }

    @Override
    public void verifyDeterministic() {}
  }

  public static final class PreparedSeriesCoder extends AtomicCoder<PreparedSeries> {
    private static final PreparedSeriesCoder INSTANCE = new PreparedSeriesCoder();

    public static PreparedSeriesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PreparedSeries value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeUTF(value.seriesInstanceUid());
      writeGeometry(data, value.geometry());
      writeInts(data, value.instanceNumbers());
      writeStrings(data, value.transferSyntaxUids());
      writeIssues(data, value.issues());
      data.writeInt(value.volumes().size());
      for (WindowedVolume volume : value.volumes()) {
        data.writeUTF(volume.variant());
        data.writeInt(volume.slices());
        data.writeInt(volume.rows());
        data.writeInt(volume.columns());
        data.write(volume.voxels());
      }
      Stage1Input stage1 = value.stage1();
      writeInts(data, stage1.sourceSlices());
      data.writeInt(stage1.size());
      writeFloats(data, stage1.voxels());
      data.flush();
    }

    @Override
    public PreparedSeries decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      String uid = data.readUTF();
      SeriesGeometry geometry = readGeometry(data);
      int[] instances = readInts(data);
      List<String> syntaxes = readStrings(data);
      List<SeriesIssue> issues = readIssues(data);
      int count = checkedLength(data.readInt());
      List<WindowedVolume> volumes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String variant = data.readUTF();
        int slices = data.readInt();
        int rows = data.readInt();
        int columns = data.readInt();
        byte[] voxels = new byte[checkedLength(slices * rows * columns)];
        data.readFully(voxels);
        volumes.add(new WindowedVolume(variant, slices, rows, columns, voxels));
      }
      int[] sources = readInts(data);
      int size = data.readInt();
      float[] voxels = readFloats(data);
      return new PreparedSeries(uid, geometry, instances, syntaxes, issues, volumes, new Stage1Input(sources, size, voxels));
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** A prepared series plus stage-1 findings: visibility per organ group and the crop box, when present. */
  public static final class SegmentedSeriesCoder extends AtomicCoder<SegmentedSeries> {
    private static final SegmentedSeriesCoder INSTANCE = new SegmentedSeriesCoder();

    public static SegmentedSeriesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SegmentedSeries value, OutputStream out) throws IOException {
      PreparedSeriesCoder.of().encode(value.prepared(), out);
      DataOutputStream data = new DataOutputStream(out);
      StudyOrgans organs = value.organs();
      data.writeBoolean(organs != null);
      if (organs != null) {
        OrganMasks masks = organs.masks();
        data.writeInt(masks.slices());
        data.writeInt(masks.height());
        data.writeInt(masks.width());
        data.write(masks.voxels());
        for (OrganGroup group : OrganGroup.values()) {
          float[] values = organs.visibility().get(group);
          data.writeInt(values.length);
          for (float v : values) {
            data.writeFloat(v);
          }
        }
        CropBox box = organs.cropBox();
        data.writeDouble(box.row0());
        data.writeDouble(box.row1());
        data.writeDouble(box.col0());
        data.writeDouble(box.col1());
      }
      data.flush();
    }

    @Override
    public SegmentedSeries decode(InputStream in) throws IOException {
      PreparedSeries prepared = PreparedSeriesCoder.of().decode(in);
      DataInputStream data = new DataInputStream(in);
      if (!data.readBoolean()) {
        return new SegmentedSeries(prepared, null);
      }
      int slices = data.readInt();
      int height = data.readInt();
      int width = data.readInt();
      byte[] voxels = new byte[checkedLength(Organ.COUNT * slices * height * width)];
      data.readFully(voxels);
      OrganMasks masks = new OrganMasks(slices, height, width, voxels);
      Map<OrganGroup, float[]> visibility = new EnumMap<>(OrganGroup.class);
      for (OrganGroup group : OrganGroup.values()) {
        float[] values = new float[checkedLength(data.readInt())];
        for (int i = 0; i < values.length; i++) {
          values[i] = data.readFloat();
        }
        visibility.put(group, values);
      }
      CropBox box = new CropBox(data.readDouble(), data.readDouble(), data.readDouble(), data.readDouble());
      return new SegmentedSeries(prepared, new StudyOrgans(masks, visibility, box));
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** A stage-2 window: identity, then its images, targets and masks as raw little-endian arrays. */
  public static final class SequenceSampleCoder extends AtomicCoder<SequenceSample> {
    private static final SequenceSampleCoder INSTANCE = new SequenceSampleCoder();

    public static SequenceSampleCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SequenceSample value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(value.patientId());
      data.writeUTF(value.seriesId());
      data.writeUTF(value.variant());
      data.writeInt(value.window());
      data.writeInt(value.size());
      data.writeInt(value.maskSize());
      writeInts(data, value.sourceSlices());
      data.write(value.images());
      ByteBuffer targets = ByteBuffer.allocate(value.targets().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      targets.asFloatBuffer().put(value.targets());
      data.write(targets.array());
      data.write(value.masks());
      data.flush();
    }

    @Override
    public SequenceSample decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      int patient = data.readInt();
      String series = data.readUTF();
      String variant = data.readUTF();
      int window = data.readInt();
      int size = checkedLength(data.readInt());
      int maskSize = checkedLength(data.readInt());
      int[] sources = readInts(data);
      byte[] images = new byte[checkedLength(SequenceSample.STEPS * SequenceSample.CHANNELS * size * size)];
      data.readFully(images);
      byte[] rawTargets = new byte[SequenceSample.STEPS * SliceTarget.COUNT * 4];
      data.readFully(rawTargets);
      float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
      ByteBuffer.wrap(rawTargets).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(targets);
      byte[] masks = new byte[checkedLength(SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * maskSize * maskSize)];
      data.readFully(masks);
      return new SequenceSample(patient, series, variant, window, size, sources, images, targets, maskSize, masks);
    }

    @Override
    public void verifyDeterministic() {}
  }

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

  private static int checkedLength(int length) throws CoderException {
    if (length < 0) {
      throw new CoderException("negative length " + length + ": corrupt encoded element");
    }
    return length;
  }
}
