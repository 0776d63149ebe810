package org.traumaflow.synth;

import java.nio.file.Path;

/** Where each file of the competition's layout lives under a dataset root. */
public record CompetitionLayout(Path root) {
  public static final String TRAIN_CSV = "train.csv";
  public static final String TRAIN_SERIES_META_CSV = "train_series_meta.csv";
  public static final String TEST_SERIES_META_CSV = "test_series_meta.csv";
  public static final String IMAGE_LEVEL_LABELS_CSV = "image_level_labels.csv";
  public static final String SAMPLE_SUBMISSION_CSV = "sample_submission.csv";
  public static final String MANIFEST_JSON = "MANIFEST.json";

  /** train_images or test_images. */
  public Path images(boolean train) {
    return root.resolve(train ? "train_images" : "test_images");
  }

  /** {@code <images>/<patient_id>/<series_id>}. */
  public Path seriesDirectory(boolean train, int patientId, int seriesId) {
    return images(train).resolve(Integer.toString(patientId)).resolve(Integer.toString(seriesId));
  }

  /** {@code <images>/<patient_id>/<series_id>/<instance_number>.dcm}. */
  public Path slice(boolean train, int patientId, int seriesId, int instanceNumber) {
    return seriesDirectory(train, patientId, seriesId).resolve(instanceNumber + ".dcm");
  }

  public Path segmentations() {
    return root.resolve("segmentations");
  }

  /** {@code segmentations/<series_id>.nii}. */
  public Path segmentation(int seriesId) {
    return segmentations().resolve(seriesId + ".nii");
  }

  public Path file(String name) {
    return root.resolve(name);
  }
}
