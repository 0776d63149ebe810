package org.traumaflow.pipeline.series;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import org.apache.beam.sdk.io.FileSystems;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.storage.LocalName;

/**
 * A DICOM file read through Beam's {@link FileSystems}, so the same reader serves local paths
 * and {@code gs://} objects on any runner. It only moves bytes; parsing stays in the domain. A
 * local name that is not text ({@link LocalName}, a {@code file:} URI) is opened by its bytes.
 */
public final class BeamDicomSource implements DicomSource {
  private final String uri;

  public BeamDicomSource(String uri) {
    this.uri = uri;
  }

  @Override
  public String name() {
    return uri;
  }

  @Override
  public String shortName() {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  @Override
  public long size() throws IOException {
    if (isLocalUri()) {
      return Files.size(LocalName.path(uri));
    }
    return FileSystems.matchSingleFileSpec(uri).sizeBytes();
  }

  @Override
  public byte[] readPrefix(int bytes) throws IOException {
    try (InputStream in = open()) {
      return in.readNBytes(bytes);
    }
  }

  @Override
  public byte[] readAll() throws IOException {
    try (InputStream in = open()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, size())));
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private boolean isLocalUri() {
    return uri.startsWith("file:");
  }

  private InputStream open() throws IOException {
    if (isLocalUri()) {
      return Files.newInputStream(LocalName.path(uri));
    }
    ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(uri, false));
    return Channels.newInputStream(channel);
  }
}
