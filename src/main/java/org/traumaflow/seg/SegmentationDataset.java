package org.traumaflow.seg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.nifti.DicomGridMapper;
import org.traumaflow.nifti.NiftiReader;
import org.traumaflow.preprocess.Stage1Input;

/**
 * The segmentation model's training data from a dataset in the competition layout: every
 * training series that has a {@code segmentations/<series_id>.nii[.gz]} mask, read, mapped onto
 * its DICOM grid through the NIfTI affine, reduced to the stage-1 input and cut into chunks.
 * Masks that cannot be used (no series, unreadable, wrong shape) are reported and left out.
 */
public final class SegmentationDataset {
  private SegmentationDataset() {}

  /**
   * One series' chunks.
   *
   * @param patientId the patient folder (folds group by it)
   * @param seriesId the series folder
   * @param chunks training chunks with their masks
   */
  public record Series(String patientId, String seriesId, List<SegmentationSample> chunks) {}

  /**
   * @param root the dataset root
   * @param stage1 how the stage-1 input is made (size, slice step, window)
   * @param chunkDepth slices per chunk (32)
   * @param stride first-slice distance between chunks (16)
   * @param report receives one line per series used or left out
   */
  public static List<Series> load(Path root, Stage1Input.Settings stage1, int chunkDepth, int stride, Consumer<String> report)
      throws IOException {
    Path masks = root.resolve("segmentations");
    if (!Files.isDirectory(masks)) {
      throw new IOException(root + ": no segmentations/ folder: the segmentation model trains on its NIfTI masks");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(masks)) {
      files = list.filter(p -> p.getFileName().toString().matches("\\d+\\.nii(\\.gz)?")).sorted().toList();
    }
    List<Series> out = new ArrayList<>();
    for (Path mask : files) {
      String seriesId = mask.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
      Optional<Path> folder = seriesFolder(root, seriesId);
      if (folder.isEmpty()) {
        report.accept("left out " + mask + ": no train_images/<patient>/" + seriesId + " folder");
        continue;
      }
      try {
        CtSeries series = SeriesReader.read(slices(folder.get()));
        byte[] labels = DicomGridMapper.labelsOnGrid(NiftiReader.read(mask), series.geometry());
        if (!anyOrgan(labels)) {
          report.accept("left out " + mask + ": no organ voxel falls inside series " + seriesId + " (wrong mask for this series?)");
          continue;
        }
        Stage1Input input = Stage1Input.of(series, stage1);
        OrganMasks targets = Stage1Targets.of(labels, series.rows(), series.columns(), input);
        String patient = folder.get().getParent().getFileName().toString();
        out.add(new Series(patient, seriesId, VolumeChunks.trainingSamples(patient, seriesId, input.voxels(), targets, chunkDepth, stride)));
        report.accept("using " + patient + "/" + seriesId + ": " + series.slices() + " slices");
      } catch (DicomException | IOException | IllegalArgumentException unusable) {
        report.accept("left out " + mask + ": " + unusable.getMessage());
      }
    }
    return out;
  }

  private static boolean anyOrgan(byte[] labels) {
    for (byte label : labels) {
      if (label != 0) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Path> seriesFolder(Path root, String seriesId) throws IOException {
    Path images = root.resolve("train_images");
    if (!Files.isDirectory(images)) {
      return Optional.empty();
    }
    try (Stream<Path> patients = Files.list(images)) {
      return patients.map(p -> p.resolve(seriesId)).filter(Files::isDirectory).findFirst();
    }
  }

  private static List<Path> slices(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
