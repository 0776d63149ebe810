package org.traumaflow.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.SeriesGeometry;

/**
 * Masks stored in orientations other than the DICOM's land on the right CT voxels. Expected
 * values are derived by hand from the DICOM geometry (LPS) and the mask's affine (RAS).
 */
class DicomGridMapperTest {
  @TempDir Path dir;

  /**
   * 2 slices of 3 rows x 4 columns; rows 2 mm apart, columns 1 mm apart; first voxel at LPS
   * (10, 20, 30); slices 3 mm apart. Voxel (s, r, c) is at LPS (10 + c, 20 + 2r, 30 + 3s),
   * which is RAS (-10 - c, -20 - 2r, 30 + 3s).
   */
  private static final SeriesGeometry GEOMETRY = new SeriesGeometry(
      3, 4, new double[] {2, 1}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {10, 20, 30}, new double[] {30, 33});

  @Test
  void aMaskStoredRightAnteriorSuperiorLandsOnTheMirroredDicomVoxels() throws NiftiException {
    // i runs toward the patient's right: i = 3 - c, X = -13 + i. j toward the front: j = 2 - r, Y = -24 + 2j.
    Affine ras = Affine.ofRows(new double[] {1, 0, 0, -13}, new double[] {0, 2, 0, -24}, new double[] {0, 0, 3, 30});
    NiftiImage mask = mask(4, 3, 2, ras, (i, j, k) -> 1 + i + 4 * j + 12 * k);

    byte[] labels = DicomGridMapper.labelsOnGrid(mask, GEOMETRY);

    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 4; c++) {
          int expected = 1 + (3 - c) + 4 * (2 - r) + 12 * s;
          assertEquals(expected, labels[(s * 3 + r) * 4 + c], "voxel s" + s + " r" + r + " c" + c);
        }
      }
    }
  }

  @Test
  void aTransposedMaskWithSlicesTopDownLandsOnTheRightVoxels() throws NiftiException {
    // i along the rows toward the front (i = 2 - r), j along the columns toward the left
    // (j = c), k downward (k = 1 - s): X = -10 - j, Y = -24 + 2i, Z = 33 - 3k.
    Affine transposed = Affine.ofRows(new double[] {0, -1, 0, -10}, new double[] {2, 0, 0, -24}, new double[] {0, 0, -3, 33});
    NiftiImage mask = mask(3, 4, 2, transposed, (i, j, k) -> 1 + i + 3 * j + 12 * k);

    byte[] labels = DicomGridMapper.labelsOnGrid(mask, GEOMETRY);

    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 4; c++) {
          int expected = 1 + (2 - r) + 3 * c + 12 * (1 - s);
          assertEquals(expected, labels[(s * 3 + r) * 4 + c], "voxel s" + s + " r" + r + " c" + c);
        }
      }
    }
  }

  @Test
  void aMaskInLpsOrderNeedsNoFlipsButStillGoesThroughRas() throws NiftiException {
    // Stored exactly like the DICOM: i = c, j = r, k = s; in RAS that is X = -10 - i, Y = -20 - 2j.
    Affine lps = Affine.ofRows(new double[] {-1, 0, 0, -10}, new double[] {0, -2, 0, -20}, new double[] {0, 0, 3, 30});
    NiftiImage mask = mask(4, 3, 2, lps, (i, j, k) -> 1 + i + 4 * j + 12 * k);

    byte[] labels = DicomGridMapper.labelsOnGrid(mask, GEOMETRY);

    for (int v = 0; v < 24; v++) {
      assertEquals(v + 1, labels[v]);
    }
  }

  @Test
  void aCoarserMaskIsSampledAtTheNearestVoxelAndOutsideItIsZero() throws NiftiException {
    // One mask voxel per 2 x 2 DICOM columns/rows region, shifted so that column 3 and row 2 fall outside.
    Affine coarse = Affine.ofRows(new double[] {-2, 0, 0, -10.5}, new double[] {0, -4, 0, -21}, new double[] {0, 0, 3, 30});
    NiftiImage mask = mask(2, 1, 2, coarse, (i, j, k) -> 1 + i + 10 * k);

    byte[] labels = DicomGridMapper.labelsOnGrid(mask, GEOMETRY);

    // X = -10 - c gives i = (c - 0.5) / 2 and Y = -20 - 2r gives j = (2r - 1) / 4, rounded half up.
    for (int s = 0; s < 2; s++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 4; c++) {
          double i = (c - 0.5) / 2;
          double j = (2 * r - 1) / 4.0;
          long ii = Math.round(Math.floor(i + 0.5));
          long jj = Math.round(Math.floor(j + 0.5));
          int expected = ii >= 0 && ii < 2 && jj == 0 ? (int) (1 + ii + 10 * s) : 0;
          assertEquals(expected, labels[(s * 3 + r) * 4 + c], "voxel s" + s + " r" + r + " c" + c);
        }
      }
    }
  }

  @Test
  void aMaskWithoutOrientationOrWithNonLabelValuesIsRefused() throws IOException {
    NiftiHeader header = new NiftiHeader(4, 3, 2, NiftiDataType.UINT8, Affine.identity(), "");
    NiftiImage unoriented = new NiftiImage(header, AffineSource.PIXDIM_ONLY, ByteOrder.LITTLE_ENDIAN, 0, 0, new byte[24]);
    NiftiException e = assertThrows(NiftiException.class, () -> DicomGridMapper.labelsOnGrid(unoriented, GEOMETRY));
    assertTrue(e.getMessage().contains("orientation"), e.getMessage());

    NiftiHeader floats = new NiftiHeader(1, 1, 1, NiftiDataType.FLOAT32, Affine.identity(), "");
    byte[] half = java.nio.ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 2.5f).array();
    NiftiImage notLabels = new NiftiImage(floats, AffineSource.SFORM, ByteOrder.LITTLE_ENDIAN, 0, 0, half);
    e = assertThrows(NiftiException.class, () -> DicomGridMapper.labelsOnGrid(notLabels, GEOMETRY));
    assertTrue(e.getMessage().contains("not a label"), e.getMessage());
  }

  @Test
  void aMaskCoversItsSeriesUpToOneVoxelShortButNotTwo() throws NiftiException {
    // The RAS mask of the first test, on the series' grid exactly; then moved along z by whole slices (3 mm).
    DicomGridMapper.requireCovers(rasMaskHeader(30), GEOMETRY);
    DicomGridMapper.requireCovers(rasMaskHeader(33), GEOMETRY);
    NiftiException e = assertThrows(NiftiException.class, () -> DicomGridMapper.requireCovers(rasMaskHeader(36), GEOMETRY));
    assertTrue(e.getMessage().contains("does not cover the series") && e.getMessage().contains("(slice 0, row 0, column 0)"), e.getMessage());
  }

  private static NiftiHeader rasMaskHeader(double firstZ) {
    Affine ras = Affine.ofRows(new double[] {1, 0, 0, -13}, new double[] {0, 2, 0, -24}, new double[] {0, 0, 3, firstZ});
    return new NiftiHeader(4, 3, 2, NiftiDataType.UINT8, ras, "");
  }

  @Test
  void aMaskReadFromDiskMapsLikeTheOneInMemory() throws IOException {
    Affine ras = Affine.ofRows(new double[] {1, 0, 0, -13}, new double[] {0, 2, 0, -24}, new double[] {0, 0, 3, 30});
    NiftiImage mask = mask(4, 3, 2, ras, (i, j, k) -> 1 + i + 4 * j + 12 * k);
    Path file = dir.resolve("mask.nii.gz");
    NiftiWriter.write(file, mask.header(), mask.data());
    assertEquals(
        java.util.Arrays.toString(DicomGridMapper.labelsOnGrid(mask, GEOMETRY)),
        java.util.Arrays.toString(DicomGridMapper.labelsOnGrid(NiftiReader.read(file), GEOMETRY)));
  }

  private interface Labeler {
    int label(int i, int j, int k);
  }

  private static NiftiImage mask(int nx, int ny, int nz, Affine affine, Labeler labeler) {
    byte[] data = new byte[nx * ny * nz];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          data[(k * ny + j) * nx + i] = (byte) labeler.label(i, j, k);
        }
      }
    }
    return new NiftiImage(new NiftiHeader(nx, ny, nz, NiftiDataType.UINT8, affine, ""), AffineSource.SFORM, ByteOrder.LITTLE_ENDIAN, 0, 0, data);
  }
}
