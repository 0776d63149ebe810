package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyOrgans;

/** A prepared series plus stage-1 findings: visibility per organ group and the crop box, when present. */
public final class SegmentedSeriesCoder extends AtomicCoder<SegmentedSeries> {
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
    byte[] voxels = new byte[ElementFields.checkedLength(Organ.COUNT * slices * height * width)];
    data.readFully(voxels);
    OrganMasks masks = new OrganMasks(slices, height, width, voxels);
    Map<OrganGroup, float[]> visibility = new EnumMap<>(OrganGroup.class);
    for (OrganGroup group : OrganGroup.values()) {
      float[] values = new float[ElementFields.checkedLength(data.readInt())];
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
