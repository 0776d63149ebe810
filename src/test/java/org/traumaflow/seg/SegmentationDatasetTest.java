package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nifti.Affine;
import org.traumaflow.nifti.NiftiDataType;
import org.traumaflow.nifti.NiftiHeader;
import org.traumaflow.nifti.NiftiWriter;
import org.traumaflow.preprocess.SliceWindow;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.testing.SmallDataset;

/** Training data for stage 1 from the masks of a dataset, and the masks it must leave out. */
class SegmentationDatasetTest {
  private static final Stage1Input.Settings STAGE1 = new Stage1Input.Settings(SliceWindow.SOFT_TISSUE, 32, 2);

  @TempDir Path dir;

  @Test
  void everyMaskWithItsSeriesBecomesChunksWithOrgansInThem() throws Exception {
    Path root = SmallDataset.root();
    List<String> lines = new ArrayList<>();
    List<SegmentationDataset.Series> series = SegmentationDataset.load(root, STAGE1, 32, 16, lines::add);
    assertEquals(count(root.resolve("segmentations")), series.size(), String.join("\n", lines));
    for (SegmentationDataset.Series s : series) {
      assertTrue(Files.isDirectory(root.resolve("train_images").resolve(s.patientId()).resolve(s.seriesId())));
      long liver = 0;
      for (SegmentationSample chunk : s.chunks()) {
        for (int i = 0; i < chunk.masks().length / Organ.COUNT; i++) {
          liver += chunk.masks()[i];
        }
      }
      assertTrue(liver > 0, s.seriesId() + ": the liver is in its chunks");
    }
  }

  @Test
  void masksWithoutTheirSeriesOrOutsideItAreLeftOutWithTheReason() throws Exception {
    Path root = SmallDataset.copyTo(dir.resolve("data"));
    List<Path> masks;
    try (Stream<Path> list = Files.list(root.resolve("segmentations"))) {
      masks = list.sorted().toList();
    }
    // The first mask loses its series; the second is replaced by a mask 10 m away from any scan.
    String orphan = masks.get(0).getFileName().toString().replace(".nii", "");
    try (Stream<Path> patients = Files.list(root.resolve("train_images"))) {
      for (Path patient : patients.toList()) {
        deleteTree(patient.resolve(orphan));
      }
    }
    NiftiHeader far = new NiftiHeader(8, 8, 8, NiftiDataType.UINT8,
        Affine.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[] {10_000, 10_000, 10_000}), "far away");
    byte[] full = new byte[512];
    Arrays.fill(full, (byte) 1);
    NiftiWriter.write(masks.get(1), far, full);

    List<String> lines = new ArrayList<>();
    List<SegmentationDataset.Series> series = SegmentationDataset.load(root, STAGE1, 32, 16, lines::add);
    assertEquals(masks.size() - 2, series.size());
    String report = String.join("\n", lines);
    assertTrue(report.contains("left out " + masks.get(0) + ": no train_images/<patient>/" + orphan), report);
    assertTrue(report.contains("left out " + masks.get(1) + ": no organ voxel falls inside"), report);
  }

  private static long count(Path folder) throws Exception {
    try (Stream<Path> list = Files.list(folder)) {
      return list.count();
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
