package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.SequenceSample;

/** A stage-2 window: identity, then its images, targets and masks as raw little-endian arrays. */
public final class SequenceSampleCoder extends AtomicCoder<SequenceSample> {
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
    ElementFields.writeInts(data, value.sourceSlices());
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
    int size = ElementFields.checkedLength(data.readInt());
    int maskSize = ElementFields.checkedLength(data.readInt());
    int[] sources = ElementFields.readInts(data);
    byte[] images = new byte[ElementFields.checkedLength(SequenceSample.STEPS * SequenceSample.CHANNELS * size * size)];
    data.readFully(images);
    byte[] rawTargets = new byte[SequenceSample.STEPS * SliceTarget.COUNT * 4];
    data.readFully(rawTargets);
    float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
    ByteBuffer.wrap(rawTargets).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(targets);
    byte[] masks = new byte[ElementFields.checkedLength(SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * maskSize * maskSize)];
    data.readFully(masks);
    return new SequenceSample(patient, series, variant, window, size, sources, images, targets, maskSize, masks);
  }

  @Override
  public void verifyDeterministic() {}
}
