package org.traumaflow.dicom;

import java.util.List;

/**
 * One data element as read: a value (bytes in the dataset's byte order), or the items of a
 * sequence, or the fragments of encapsulated pixel data (the first one is the basic offset
 * table).
 */
public record DicomElement(
    int tag, VR vr, boolean bigEndian, byte[] value, List<DicomDataset> items, List<byte[]> fragments) {

  static DicomElement ofValue(int tag, VR vr, boolean bigEndian, byte[] value) {
    return new DicomElement(tag, vr, bigEndian, value, List.of(), List.of());
  }

  static DicomElement ofSequence(int tag, List<DicomDataset> items) {
    return new DicomElement(tag, VR.SQ, false, new byte[0], List.copyOf(items), List.of());
  }

  static DicomElement ofFragments(int tag, VR vr, List<byte[]> fragments) {
    return new DicomElement(tag, vr, false, new byte[0], List.of(), List.copyOf(fragments));
  }

  public boolean encapsulated() {
    return !fragments.isEmpty();
  }
}
