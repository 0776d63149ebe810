package org.traumaflow.dicom;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where one DICOM file's bytes come from: a local file here, an object in a bucket or a
 * DICOMweb response in the pipelines. The reader asks for a prefix first (headers) and for
 * everything only when it needs the pixels.
 */
public interface DicomSource {

  /** The full name (path or URI), used in every error message about this file. */
  String name();

  /** The last part of the name, for messages that list several files. */
  String shortName();

  /** Size in bytes. */
  long size() throws IOException;

  /** At most {@code bytes} bytes from the start. */
  byte[] readPrefix(int bytes) throws IOException;

  /** Every byte. */
  byte[] readAll() throws IOException;

  static DicomSource of(Path path) {
    return new LocalDicomFile(path);
  }

  /** Bytes already fetched from {@code name} (a URL): nothing is read twice. */
  static DicomSource of(String name, byte[] bytes) {
    return new RetrievedDicomFile(name, bytes);
  }
}
