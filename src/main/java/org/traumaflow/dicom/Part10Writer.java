package org.traumaflow.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.storage.AtomicFiles;

/** Writes a Part 10 file: preamble, "DICM", the file meta group, then the dataset. */
final class Part10Writer {
  /** This implementation's class UID, under the UUID-derived root 2.25 (PS3.5 B.2). */
  static final String IMPLEMENTATION_CLASS_UID = "2.25.79336969339302841163483921575172901530";
  static final String IMPLEMENTATION_VERSION_NAME = "TRAUMAFLOW_01";

  private Part10Writer() {}

  static void write(Path target, String sopClassUid, String sopInstanceUid, TransferSyntax syntax, DatasetEncoder dataset)
      throws IOException {
    AtomicFiles.write(target, out -> writeTo(out, sopClassUid, sopInstanceUid, syntax, dataset));
  }

  /** The file's bytes, for a destination that is not a local file (an object store, a STOW-RS request). */
  static byte[] bytes(String sopClassUid, String sopInstanceUid, TransferSyntax syntax, DatasetEncoder dataset) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(dataset.length() + 512);
    try {
      writeTo(out, sopClassUid, sopInstanceUid, syntax, dataset);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return out.toByteArray();
  }

  private static void writeTo(OutputStream out, String sopClassUid, String sopInstanceUid, TransferSyntax syntax, DatasetEncoder dataset)
      throws IOException {
    DatasetEncoder meta = new DatasetEncoder()
        .bytes(Tag.FILE_META_INFORMATION_VERSION, VR.OB, new byte[] {0, 1})
        .text(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClassUid)
        .text(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstanceUid)
        .text(Tag.TRANSFER_SYNTAX_UID, VR.UI, syntax.uid())
        .text(Tag.IMPLEMENTATION_CLASS_UID, VR.UI, IMPLEMENTATION_CLASS_UID)
        .text(Tag.IMPLEMENTATION_VERSION_NAME, VR.SH, IMPLEMENTATION_VERSION_NAME);
    int groupLength = meta.length();
    meta.bytes(Tag.FILE_META_INFORMATION_GROUP_LENGTH, VR.UL, new byte[] {
        (byte) groupLength, (byte) (groupLength >>> 8), (byte) (groupLength >>> 16), (byte) (groupLength >>> 24)});
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    meta.writeTo(out);
    dataset.writeTo(out);
  }
}
