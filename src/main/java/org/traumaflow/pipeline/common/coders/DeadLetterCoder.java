package org.traumaflow.pipeline.common.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.traumaflow.pipeline.common.DeadLetter;

/** A dead letter: its five texts with an int length each (a reason or URI may pass 64 KB), then whether it is fatal. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    ElementFields.writeLong(data, value.stage());
    ElementFields.writeLong(data, value.item());
    ElementFields.writeLong(data, value.location());
    ElementFields.writeLong(data, value.errorType());
    ElementFields.writeLong(data, value.reason());
    data.writeBoolean(value.fatal());
    data.flush();
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    return new DeadLetter(ElementFields.readLong(data), ElementFields.readLong(data), ElementFields.readLong(data), ElementFields.readLong(data), ElementFields.readLong(data), data.readBoolean());
  }

  @Override
  public void verifyDeterministic() {}
}
