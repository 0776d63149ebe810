package org.traumaflow.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Passes bytes on while computing the CRC32C and MD5 that Cloud Storage checks an upload against,
 * in the service's encoding (base64; the CRC32C big-endian).
 */
final class UploadChecksums extends FilterOutputStream {
  private final CRC32C crc32c = new CRC32C();
  private final MessageDigest md5;

  UploadChecksums(OutputStream out) {
    super(out);
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java runtime", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    crc32c.update(b);
    md5.update((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    crc32c.update(b, off, len);
    md5.update(b, off, len);
  }

  String crc32c() {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32c.getValue()).array());
  }

  /** The MD5 of everything written; call once, after the last write. */
  String md5() {
    return Base64.getEncoder().encodeToString(md5.digest());
  }
}
