package org.traumaflow.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NiftiRoundTripTest {
  @TempDir Path dir;

  /** An oblique, left-handed affine: rotation about z and x, voxel sizes 0.7 x 0.8 x 2.5, k flipped. */
  static Affine obliqueAffine() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    double cx = Math.cos(-0.2);
    double sx = Math.sin(-0.2);
    double[][] rz = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    double[][] rx = {{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}};
    double[] size = {0.7, 0.8, -2.5};
    double[] linear = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double v = 0;
        for (int k = 0; k < 3; k++) {
          v += rz[i][k] * rx[k][j];
        }
        linear[i * 3 + j] = v * size[j];
      }
    }
    return Affine.of(linear, new double[] {-120.5, 33.25, -612.75});
  }

  static byte[] labels(int count, long seed) {
    byte[] data = new byte[count];
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      data[i] = (byte) random.nextInt(6);
    }
    return data;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mask.nii", "mask.nii.gz"})
  void aWrittenVolumeReadsBackWithItsAffineAndVoxels(String name) throws IOException {
    NiftiHeader header = new NiftiHeader(7, 5, 3, NiftiDataType.UINT8, obliqueAffine(), "round trip");
    byte[] data = labels(7 * 5 * 3, 1);
    Path file = dir.resolve(name);
    NiftiWriter.write(file, header, data);

    NiftiImage image = NiftiReader.read(file);
    assertEquals(AffineSource.SFORM, image.affineSource());
    assertEquals(7, image.header().nx());
    assertEquals(5, image.header().ny());
    assertEquals(3, image.header().nz());
    assertEquals(NiftiDataType.UINT8, image.header().dataType());
    assertEquals("round trip", image.header().description());
    assertTrue(image.header().affine().approximatelyEquals(obliqueAffine(), 1e-4), image.header().affine().toString());
    assertArrayEquals(data, image.data());
    assertEquals(data[(2 * 5 + 4) * 7 + 6] & 0xff, image.value(6, 4, 2));
    assertEquals(name.endsWith(".gz"), (Files.readAllBytes(file)[0] & 0xff) == 0x1f, "gzipped exactly when named .gz");
  }

  @Test
  void theQformAloneGivesTheSameAffineAsTheSform() throws IOException {
    Path file = dir.resolve("qform-only.nii");
    NiftiWriter.write(file, new NiftiHeader(2, 2, 2, NiftiDataType.UINT8, obliqueAffine(), ""), new byte[8]);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(254, (short) 0); // sform_code 0
    b.putFloat(280, 999f); // and a sform that would be wrong
    Files.write(file, bytes);

    NiftiImage image = NiftiReader.read(file);
    assertEquals(AffineSource.QFORM, image.affineSource());
    assertTrue(image.header().affine().approximatelyEquals(obliqueAffine(), 1e-4), image.header().affine().toString());
  }

  @Test
  void theSformWinsWhenBothAreSetAndDisagree() throws IOException {
    Path file = dir.resolve("both.nii");
    NiftiWriter.write(file, new NiftiHeader(2, 2, 2, NiftiDataType.UINT8, obliqueAffine(), ""), new byte[8]);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(268, 500f); // qoffset_x
    Files.write(file, bytes);
    assertTrue(NiftiReader.read(file).header().affine().approximatelyEquals(obliqueAffine(), 1e-4));
  }

  @Test
  void aBigEndianSignedVolumeWithScalingReadsBackItsValues() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(352 + 2 * 3 * 2).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {3, 3, 2, 1, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 4); // INT16
    b.putShort(72, (short) 16);
    b.putFloat(76, 1f);
    b.putFloat(80, 2f);
    b.putFloat(84, 3f);
    b.putFloat(88, 4f);
    b.putFloat(108, 352f);
    b.putFloat(112, 2f); // scl_slope
    b.putFloat(116, 1f); // scl_inter
    b.putShort(254, (short) 1);
    float[] srow = {-2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30};
    for (int i = 0; i < 12; i++) {
      b.putFloat(280 + 4 * i, srow[i]);
    }
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    short[] values = {-300, -1, 0, 1, 2, 32767};
    for (int i = 0; i < values.length; i++) {
      b.putShort(352 + 2 * i, values[i]);
    }
    Path file = dir.resolve("big.nii.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(b.array());
    }

    NiftiImage image = NiftiReader.read(file);
    assertEquals(ByteOrder.BIG_ENDIAN, image.byteOrder());
    assertEquals(-599, image.value(0, 0, 0));
    assertEquals(-1, image.value(1, 0, 0));
    assertEquals(65535, image.value(2, 1, 0));
    assertArrayEquals(new double[] {10 - 2 * 2, 20 + 3, 30}, image.header().affine().apply(new double[] {2, 1, 0}), 1e-6);
  }

  @Test
  void filesThatAreNotSingleFileNifti1AreRefusedWithTheReason() throws IOException {
    Path good = dir.resolve("good.nii");
    NiftiWriter.write(good, new NiftiHeader(4, 4, 4, NiftiDataType.UINT8, Affine.identity(), ""), new byte[64]);
    byte[] bytes = Files.readAllBytes(good);

    assertMessage(withInt(bytes, 0, 540), "NIfTI-2");
    assertMessage(withInt(bytes, 0, 1234), "not a NIfTI-1 file");
    assertMessage(withBytes(bytes, 344, new byte[] {'n', 'i', '1', 0}), ".hdr/.img");
    assertMessage(withBytes(bytes, 344, new byte[] {0, 0, 0, 0}), "ANALYZE");
    byte[] fourD = withShort(withShort(bytes, 40, 4), 48, 2);
    assertMessage(fourD, "only 3D");
    assertMessage(java.util.Arrays.copyOf(bytes, bytes.length - 10), "truncated");
    assertMessage(withShort(bytes, 70, 32), "datatype 32");
  }

  @Test
  void aStreamClosedBeforeItsLastPlaneLeavesNoFile() throws IOException {
    Path file = dir.resolve("partial.nii");
    NiftiWriter.PlaneStream stream = NiftiWriter.open(file, new NiftiHeader(2, 2, 3, NiftiDataType.UINT8, Affine.identity(), ""));
    stream.writePlane(new byte[4], 0);
    assertThrows(IOException.class, stream::close);
    assertFalse(Files.exists(file));
    try (var list = Files.list(dir)) {
      assertEquals(0, list.count(), "no temporary file left");
    }
  }

  @Test
  void theSameVolumeGivesTheSameBytes() throws IOException {
    NiftiHeader header = new NiftiHeader(9, 8, 7, NiftiDataType.UINT8, obliqueAffine(), "same");
    byte[] data = labels(9 * 8 * 7, 3);
    NiftiWriter.write(dir.resolve("a.nii.gz"), header, data);
    NiftiWriter.write(dir.resolve("b.nii.gz"), header, data);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.nii.gz")), Files.readAllBytes(dir.resolve("b.nii.gz")));
  }

  private void assertMessage(byte[] content, String expected) throws IOException {
    Path file = Files.createTempFile(dir, "bad", ".nii");
    Files.write(file, content);
    NiftiException e = assertThrows(NiftiException.class, () -> NiftiReader.read(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
  }

  private static byte[] withInt(byte[] bytes, int offset, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return copy;
  }

  private static byte[] withShort(byte[] bytes, int offset, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
    return copy;
  }

  private static byte[] withBytes(byte[] bytes, int offset, byte[] value) {
    byte[] copy = bytes.clone();
    System.arraycopy(value, 0, copy, offset, value.length);
    return copy;
  }
}
