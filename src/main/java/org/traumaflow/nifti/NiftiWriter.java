package org.traumaflow.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes single-file NIfTI-1 volumes, little endian, gzipped when the name ends in
 * {@code .gz}. A file appears under its final name only when complete (written to a temporary
 * sibling, then moved atomically), so a crash never leaves a truncated mask behind. The output
 * is a pure function of the input (gzip's header time is zero), so equal input gives equal bytes.
 */
public final class NiftiWriter {
  private NiftiWriter() {}

  /** Writes a whole volume; {@code data} holds the voxels as NIfTI stores them, little endian. */
  public static void write(Path file, NiftiHeader header, byte[] data) throws IOException {
    if (data.length != header.dataBytes()) {
      throw new IllegalArgumentException("voxel data has " + data.length + " bytes, the header needs " + header.dataBytes());
    }
    try (PlaneStream out = open(file, header)) {
      int plane = (int) header.planeBytes();
      for (int k = 0; k < header.nz(); k++) {
        out.writePlane(data, k * plane);
      }
    }
  }

  /**
   * Opens a file to be written one k plane at a time (k = 0 first), so a volume never has to be
   * held in memory. The file appears when the stream is closed after the last plane; closing
   * early discards it.
   */
  public static PlaneStream open(Path file, NiftiHeader header) throws IOException {
    return new PlaneStream(file, header);
  }

  /** A NIfTI file being written plane by plane. */
  public static final class PlaneStream implements AutoCloseable {
    private final Path file;
    private final Path temp;
    private final NiftiHeader header;
    private final OutputStream out;
    private int planesWritten;
    private boolean closed;

    private PlaneStream(Path file, NiftiHeader header) throws IOException {
      this.file = file;
      this.header = header;
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // Not Files.createTempFile: its owner-only permissions would stay on the moved file.
      this.temp = parent.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".part");
      OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
      this.out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
      out.write(NiftiHeaderCodec.encode(header));
    }

    /** Writes the next k plane: {@code planeBytes()} bytes of {@code data} from {@code offset}. */
    public void writePlane(byte[] data, int offset) throws IOException {
      if (planesWritten >= header.nz()) {
        throw new IllegalStateException("all " + header.nz() + " planes are already written");
      }
      out.write(data, offset, (int) header.planeBytes());
      planesWritten++;
    }

    /** Completes the file when every plane was written; otherwise deletes the partial file. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
      if (planesWritten != header.nz()) {
        Files.deleteIfExists(temp);
        throw new IOException(file + ": only " + planesWritten + " of " + header.nz() + " planes were written");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
