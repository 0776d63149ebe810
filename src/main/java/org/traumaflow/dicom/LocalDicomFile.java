package org.traumaflow.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A DICOM file on the local file system. */
record LocalDicomFile(Path path) implements DicomSource {

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public String shortName() {
    Path fileName = path.getFileName();
    return fileName == null ? path.toString() : fileName.toString();
  }

  @Override
  public long size() throws IOException {
    requireFile();
    return Files.size(path);
  }

  @Override
  public byte[] readPrefix(int bytes) throws IOException {
    requireFile();
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(bytes);
    }
  }

  @Override
  public byte[] readAll() throws IOException {
    requireFile();
    return Files.readAllBytes(path);
  }

  private void requireFile() throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException("is a directory, not a file");
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
  }
}
