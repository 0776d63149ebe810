package org.traumaflow.dicom;

/** A DICOM file already in memory, e.g. a DICOMweb response's part, named by where it came from. */
record RetrievedDicomFile(String name, byte[] bytes) implements DicomSource {

  @Override
  public String shortName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public byte[] readPrefix(int count) {
    return java.util.Arrays.copyOf(bytes, Math.min(count, bytes.length));
  }

  @Override
  public byte[] readAll() {
    return bytes;
  }
}
