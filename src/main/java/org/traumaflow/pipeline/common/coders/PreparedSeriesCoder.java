package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.preprocess.WindowedVolume;

/**
 * A prepared series: identity, geometry and issues as length-prefixed fields, then its windowed
 * volumes as raw bytes and its stage-1 input as little-endian float32 (one bulk copy per chunk, no
 * per-voxel calls, no Java serialization).
 */
public final class PreparedSeriesCoder extends AtomicCoder<PreparedSeries> {
  private static final PreparedSeriesCoder INSTANCE = new PreparedSeriesCoder();

  public static PreparedSeriesCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PreparedSeries value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeUTF(value.seriesInstanceUid());
    ElementFields.writeGeometry(data, value.geometry());
    ElementFields.writeInts(data, value.instanceNumbers());
    ElementFields.writeStrings(data, value.transferSyntaxUids());
    ElementFields.writeIssues(data, value.issues());
    data.writeInt(value.volumes().size());
    for (WindowedVolume volume : value.volumes()) {
      data.writeUTF(volume.variant());
      data.writeInt(volume.slices());
      data.writeInt(volume.rows());
      data.writeInt(volume.columns());
      data.write(volume.voxels());
    }
    Stage1Input stage1 = value.stage1();
    ElementFields.writeInts(data, stage1.sourceSlices());
    data.writeInt(stage1.size());
    ElementFields.writeFloats(data, stage1.voxels());
    data.flush();
  }

  @Override
  public PreparedSeries decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    String uid = data.readUTF();
    SeriesGeometry geometry = ElementFields.readGeometry(data);
    int[] instances = ElementFields.readInts(data);
    List<String> syntaxes = ElementFields.readStrings(data);
    List<SeriesIssue> issues = ElementFields.readIssues(data);
    int count = ElementFields.checkedLength(data.readInt());
    List<WindowedVolume> volumes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String variant = data.readUTF();
      int slices = data.readInt();
      int rows = data.readInt();
      int columns = data.readInt();
      byte[] voxels = new byte[ElementFields.checkedLength(slices * rows * columns)];
      data.readFully(voxels);
      volumes.add(new WindowedVolume(variant, slices, rows, columns, voxels));
    }
    int[] sources = ElementFields.readInts(data);
    int size = data.readInt();
    float[] voxels = ElementFields.readFloats(data);
    return new PreparedSeries(uid, geometry, instances, syntaxes, issues, volumes, new Stage1Input(sources, size, voxels));
  }

  @Override
  public void verifyDeterministic() {}
}
