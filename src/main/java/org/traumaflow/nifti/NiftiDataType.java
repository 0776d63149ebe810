package org.traumaflow.nifti;

import java.util.Arrays;

/** The NIfTI-1 voxel data types this project reads and writes (the {@code datatype} field). */
public enum NiftiDataType {
  UINT8(2, 8),
  INT16(4, 16),
  INT32(8, 32),
  FLOAT32(16, 32),
  FLOAT64(64, 64),
  INT8(256, 8),
  UINT16(512, 16),
  UINT32(768, 32),
  INT64(1024, 64),
  UINT64(1280, 64);

  private final int code;
  private final int bitsPerVoxel;

  NiftiDataType(int code, int bitsPerVoxel) {
    this.code = code;
    this.bitsPerVoxel = bitsPerVoxel;
  }

  /** The header's {@code datatype} code. */
  public int code() {
    return code;
  }

  /** The header's {@code bitpix}. */
  public int bitsPerVoxel() {
    return bitsPerVoxel;
  }

  public int bytesPerVoxel() {
    return bitsPerVoxel / 8;
  }

  /** The type for a header code; complex, RGB and other types are refused. */
  public static NiftiDataType forCode(int code, String source) throws NiftiException {
    return Arrays.stream(values())
        .filter(type -> type.code == code)
        .findFirst()
        .orElseThrow(
            () -> new NiftiException(source + ": NIfTI datatype " + code + " is not supported (only integer and real scalars)"));
  }
}
