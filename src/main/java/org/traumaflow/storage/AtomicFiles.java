package org.traumaflow.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes local files so that a crash leaves either the old file or the new one under the final
 * name, never a half-written one: the bytes go to a hidden temporary file in the same folder,
 * are flushed to disk, and are then renamed over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  public static void write(Path target, Content content) throws IOException {
    Path temporary = prepare(target, content);
    try {
      commit(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * The first half of {@link #write}: the content in a hidden temporary file beside
   * {@code target}, flushed to disk, for a caller that checks something before {@link #commit}.
   * The caller deletes the file if it does not commit it.
   */
  public static Path prepare(Path target, Content content) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temporary = folder.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
      content.writeTo(out);
      out.flush();
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return temporary;
  }

  /** The second half of {@link #write}: renames a prepared file over {@code target}. */
  public static void commit(Path prepared, Path target) throws IOException {
    try {
      Files.move(prepared, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException notAtomic) {
      Files.move(prepared, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
