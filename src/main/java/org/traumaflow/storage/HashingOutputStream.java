package org.traumaflow.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes on while counting them and taking their SHA-256, so a file's manifest entry is
 * known the moment it is written, without reading it back. Closing it does not close the target:
 * the caller owns that stream.
 */
public final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest digest = Sha256.newDigest();
  private long count;

  public HashingOutputStream(OutputStream target) {
    super(target);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  /** Bytes written so far. */
  public long count() {
    return count;
  }

  /** Lower-case hex SHA-256 of everything written; call once, after the last write. */
  public String sha256() {
    return Sha256.hexOf(digest);
  }
}
