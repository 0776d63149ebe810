package org.traumaflow.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.ReferenceTools;

/** nibabel, the reference NIfTI reader, sees the affine and voxels our writer meant. */
class NibabelAgreesTest {
  @TempDir Path dir;

  @Test
  void nibabelReadsOurAffinesAndVoxelsPlainAndGzipped() throws IOException {
    List<Path> files = new ArrayList<>();
    List<NiftiHeader> headers = List.of(
        new NiftiHeader(7, 5, 3, NiftiDataType.UINT8, NiftiRoundTripTest.obliqueAffine(), "oblique"),
        new NiftiHeader(6, 4, 5, NiftiDataType.UINT8,
            Affine.ofRows(new double[] {0, -0.8, 0, 150.2}, new double[] {0.7, 0, 0, -90.5}, new double[] {0, 0, -2.5, -300}), "transposed"),
        new NiftiHeader(4, 4, 4, NiftiDataType.UINT8,
            Affine.ofRows(new double[] {-0.75, 0, 0, 190}, new double[] {0, 0.75, 0, -10}, new double[] {0, 0, 5, -812.25}), "las"));
    List<byte[]> data = new ArrayList<>();
    for (int h = 0; h < headers.size(); h++) {
      for (String suffix : List.of(".nii", ".nii.gz")) {
        NiftiHeader header = headers.get(h);
        byte[] voxels = NiftiRoundTripTest.labels((int) header.voxelCount(), h);
        Path file = dir.resolve("mask" + h + suffix);
        NiftiWriter.write(file, header, voxels);
        files.add(file);
        data.add(voxels);
      }
    }
    List<String> command = new ArrayList<>(List.of(ReferenceTools.PYTHON, "-c", NibabelScript.TEXT));
    files.forEach(f -> command.add(f.toString()));
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(command.toArray(String[]::new));
    if (result.exitCode() == 3) {
      fail(result.stdout());
    }
    assertEquals(0, result.exitCode(), result.stderr());
    String[] lines = result.stdout().strip().split("\n");
    for (int f = 0; f < files.size(); f++) {
      NiftiImage ours = NiftiReader.read(files.get(f));
      assertAffine(ours.header().affine(), lines[2 * f], files.get(f));
      NiftiHeader h = ours.header();
      assertEquals(h.nx() + " " + h.ny() + " " + h.nz() + " " + checksum(data.get(f)), lines[2 * f + 1], files.get(f).toString());
    }
  }

  static void assertAffine(Affine ours, String nibabelRows, Path file) {
    String[] values = nibabelRows.trim().split(" ");
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 4; col++) {
        assertEquals(ours.get(row, col), Double.parseDouble(values[row * 4 + col]), 1e-4, file + " affine[" + row + "][" + col + "]");
      }
    }
  }

  static long checksum(byte[] voxels) {
    long sum = 0;
    for (int i = 0; i < voxels.length; i++) {
      sum += (long) (voxels[i] & 0xff) * (i % 1009 + 1);
    }
    return sum;
  }
}
