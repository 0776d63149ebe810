package org.traumaflow.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A 3D NIfTI-1 volume as read: its header, where its affine came from, and its voxel bytes as
 * stored in the file (i fastest, then j, then k), in the file's byte order.
 *
 * @param header dimensions, type, affine
 * @param affineSource which header fields gave the affine
 * @param byteOrder the file's byte order
 * @param sclSlope the header's {@code scl_slope}; 0 or NaN means values are unscaled
 * @param sclInter the header's {@code scl_inter}
 * @param data the voxel bytes
 */
public record NiftiImage(
    NiftiHeader header, AffineSource affineSource, ByteOrder byteOrder, double sclSlope, double sclInter, byte[] data) {

  public NiftiImage {
    if (data.length != header.dataBytes()) {
      throw new IllegalArgumentException(
          "voxel data has " + data.length + " bytes, the header needs " + header.dataBytes());
    }
  }

  /** The voxel value at (i, j, k), scaled by {@code scl_slope}/{@code scl_inter} when the header asks. */
  public double value(int i, int j, int k) {
    long index = ((long) k * header.ny() + j) * header.nx() + i;
    double raw = raw(index);
    return scaled() ? raw * sclSlope + sclInter : raw;
  }

  /** Whether the header asks for scaling (a finite, non-zero slope other than 1 with 0). */
  public boolean scaled() {
    return Double.isFinite(sclSlope) && sclSlope != 0 && !(sclSlope == 1 && sclInter == 0);
  }

  double raw(long index) {
    int bytes = header.dataType().bytesPerVoxel();
    int offset = Math.toIntExact(index * bytes);
    ByteBuffer b = ByteBuffer.wrap(data).order(byteOrder);
    return switch (header.dataType()) {
      case UINT8 -> data[offset] & 0xff;
      case INT8 -> data[offset];
      case INT16 -> b.getShort(offset);
      case UINT16 -> b.getShort(offset) & 0xffff;
      case INT32 -> b.getInt(offset);
      case UINT32 -> b.getInt(offset) & 0xffffffffL;
      case INT64 -> b.getLong(offset);
      case UINT64 -> unsignedLongToDouble(b.getLong(offset));
      case FLOAT32 -> b.getFloat(offset);
      case FLOAT64 -> b.getDouble(offset);
    };
  }

  private static double unsignedLongToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }
}
