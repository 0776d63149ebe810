package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.traumaflow.pipeline.common.SeriesRef;

/** A series reference: split, patient and series, its files and the input hash, as length-prefixed fields in that order. */
public final class SeriesRefCoder extends AtomicCoder<SeriesRef> {
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
    ElementFields.writeStrings(data, value.files());
    data.writeUTF(value.inputSha256());
    data.flush();
  }

  @Override
  public SeriesRef decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    return new SeriesRef(data.readUTF(), data.readUTF(), data.readUTF(), ElementFields.readStrings(data), data.readUTF());
  }

  @Override
  public void verifyDeterministic() {}
}
