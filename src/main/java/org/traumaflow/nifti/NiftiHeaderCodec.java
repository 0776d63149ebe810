package org.traumaflow.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The 348-byte NIfTI-1 header (plus the 4-byte extension flag) to and from bytes. */
final class NiftiHeaderCodec {
  static final int HEADER_SIZE = 348;
  /** Header, extension flag, then the voxels: single-file ".nii" layout. */
  static final int VOX_OFFSET = 352;

  private static final int NIFTI_XFORM_SCANNER_ANAT = 1;
  private static final int UNITS_MM = 2;
  private static final int NIFTI2_HEADER_SIZE = 540;

  private NiftiHeaderCodec() {}

  /** What a file's header says, before its voxels are read. */
  record Parsed(NiftiHeader header, AffineSource affineSource, ByteOrder order, long voxOffset, double sclSlope, double sclInter) {}

  /**
   * Header bytes for {@code header}, little endian: sform and qform both set (scanner
   * coordinates), so readers that prefer either agree; the qform is left unset when the affine
   * has shear a quaternion cannot express.
   */
  static byte[] encode(NiftiHeader header) {
    ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    Affine affine = header.affine();
    QuaternionForm q = QuaternionForm.fromAffine(affine);
    boolean qformExact = q.toAffine().approximatelyEquals(affine, 1e-4);

    b.putInt(0, HEADER_SIZE);
    b.put(38, (byte) 'r');
    short[] dim = {3, (short) header.nx(), (short) header.ny(), (short) header.nz(), 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) header.dataType().code());
    b.putShort(72, (short) header.dataType().bitsPerVoxel());
    float[] pixdim = {
      (float) q.qfac(), (float) q.voxelSize()[0], (float) q.voxelSize()[1], (float) q.voxelSize()[2], 0, 0, 0, 0
    };
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, pixdim[i]);
    }
    b.putFloat(108, VOX_OFFSET);
    b.putFloat(112, 0f); // scl_slope 0: voxel values are used as stored
    b.putFloat(116, 0f);
    b.put(123, (byte) UNITS_MM);
    byte[] descrip = header.description().getBytes(StandardCharsets.US_ASCII);
    b.put(148, descrip, 0, descrip.length);
    b.putShort(252, (short) (qformExact ? NIFTI_XFORM_SCANNER_ANAT : 0));
    b.putShort(254, (short) NIFTI_XFORM_SCANNER_ANAT);
    b.putFloat(256, (float) q.b());
    b.putFloat(260, (float) q.c());
    b.putFloat(264, (float) q.d());
    b.putFloat(268, (float) q.offset()[0]);
    b.putFloat(272, (float) q.offset()[1]);
    b.putFloat(276, (float) q.offset()[2]);
    for (int row = 0; row < 3; row++) {
      double[] values = affine.row(row);
      for (int col = 0; col < 4; col++) {
        b.putFloat(280 + 16 * row + 4 * col, (float) values[col]);
      }
    }
    b.put(344, new byte[] {'n', '+', '1', 0});
    // bytes 348..351: extension flag 0, no extensions
    return b.array();
  }

  /** Parses the first 348 bytes of a file; {@code source} names it in messages. */
  static Parsed decode(byte[] bytes, String source) throws NiftiException {
    if (bytes.length < HEADER_SIZE) {
      throw new NiftiException(source + ": too short for a NIfTI-1 header (" + bytes.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteOrder order;
    if (b.getInt(0) == HEADER_SIZE) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (Integer.reverseBytes(b.getInt(0)) == HEADER_SIZE) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (b.getInt(0) == NIFTI2_HEADER_SIZE || Integer.reverseBytes(b.getInt(0)) == NIFTI2_HEADER_SIZE) {
      throw new NiftiException(source + ": NIfTI-2 files are not supported; convert to NIfTI-1");
    } else {
      throw new NiftiException(source + ": not a NIfTI-1 file (sizeof_hdr is " + b.getInt(0) + ", not 348)");
    }
    b.order(order);
    String magic = new String(bytes, 344, 3, StandardCharsets.US_ASCII);
    if (magic.equals("ni1")) {
      throw new NiftiException(source + ": a .hdr/.img pair is not supported; store it as one .nii file");
    }
    if (!magic.equals("n+1")) {
      throw new NiftiException(source + ": no NIfTI-1 magic (an ANALYZE 7.5 file?); its orientation is undefined");
    }
    int ndim = b.getShort(40);
    if (ndim < 1 || ndim > 7) {
      throw new NiftiException(source + ": dim[0] is " + ndim + ", must be 1..7");
    }
    int[] dim = new int[8];
    for (int i = 1; i <= 7; i++) {
      dim[i] = i <= ndim ? b.getShort(40 + 2 * i) : 1;
      if (dim[i] < 1) {
        throw new NiftiException(source + ": dim[" + i + "] is " + dim[i]);
      }
    }
    for (int i = 4; i <= 7; i++) {
      if (dim[i] != 1) {
        throw new NiftiException(source + ": only 3D volumes are supported, dim[" + i + "] is " + dim[i]);
      }
    }
    NiftiDataType type = NiftiDataType.forCode(b.getShort(70), source);
    float[] pixdim = new float[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = b.getFloat(76 + 4 * i);
    }
    long voxOffset = (long) b.getFloat(108);
    if (voxOffset < VOX_OFFSET) {
      throw new NiftiException(source + ": vox_offset " + voxOffset + " is inside the header");
    }
    double sclSlope = b.getFloat(112);
    double sclInter = b.getFloat(116);
    int qformCode = b.getShort(252);
    int sformCode = b.getShort(254);
    Affine affine;
    AffineSource affineSource;
    if (sformCode > 0) {
      affine = Affine.ofRows(floats(b, 280), floats(b, 296), floats(b, 312));
      affineSource = AffineSource.SFORM;
    } else if (qformCode > 0) {
      double[] offset = {b.getFloat(268), b.getFloat(272), b.getFloat(276)};
      double[] size = {pixdim[1], pixdim[2], pixdim[3]};
      affine = new QuaternionForm(b.getFloat(256), b.getFloat(260), b.getFloat(264), pixdim[0] < 0 ? -1 : 1, size, offset)
          .toAffine();
      affineSource = AffineSource.QFORM;
    } else {
      affine = Affine.of(
          new double[] {positive(pixdim[1]), 0, 0, 0, positive(pixdim[2]), 0, 0, 0, positive(pixdim[3])},
          new double[] {0, 0, 0});
      affineSource = AffineSource.PIXDIM_ONLY;
    }
    int end = 148;
    while (end < 228 && bytes[end] != 0) {
      end++;
    }
    String description = new String(bytes, 148, end - 148, StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?");
    NiftiHeader header = new NiftiHeader(dim[1], dim[2], dim[3], type, affine, description.substring(0, Math.min(79, description.length())));
    return new Parsed(header, affineSource, order, voxOffset, sclSlope, sclInter);
  }

  private static double[] floats(ByteBuffer b, int offset) {
    return new double[] {b.getFloat(offset), b.getFloat(offset + 4), b.getFloat(offset + 8), b.getFloat(offset + 12)};
  }

  private static double positive(float v) {
    return v > 0 ? v : 1.0;
  }
}
