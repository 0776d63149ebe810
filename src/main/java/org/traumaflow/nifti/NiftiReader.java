package org.traumaflow.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads single-file NIfTI-1 volumes ({@code .nii}, or gzipped, recognised by content rather than
 * name), either byte order, any integer or real scalar type. The affine comes from the sform
 * when its code is set, else from the qform, else from pixdim alone (see {@link AffineSource}).
 */
public final class NiftiReader {
  private NiftiReader() {}

  public static NiftiImage read(Path file) throws NiftiException {
    String source = file.toString();
    try (InputStream in = open(file)) {
      byte[] headerBytes = in.readNBytes(NiftiHeaderCodec.HEADER_SIZE);
      NiftiHeaderCodec.Parsed parsed = NiftiHeaderCodec.decode(headerBytes, source);
      long skip = parsed.voxOffset() - NiftiHeaderCodec.HEADER_SIZE;
      skipFully(in, skip);
      long size = parsed.header().dataBytes();
      if (size > Integer.MAX_VALUE - 16) {
        throw new NiftiException(source + ": " + size + " bytes of voxels is more than one array can hold");
      }
      byte[] data = in.readNBytes((int) size);
      if (data.length != size) {
        throw new NiftiException(source + ": truncated: " + data.length + " of " + size + " voxel bytes present");
      }
      return new NiftiImage(parsed.header(), parsed.affineSource(), parsed.order(), parsed.sclSlope(), parsed.sclInter(), data);
    } catch (NiftiException e) {
      throw e;
    } catch (EOFException e) {
      throw new NiftiException(source + ": truncated file", e);
    } catch (IOException e) {
      throw new NiftiException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  private static void skipFully(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException();
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
