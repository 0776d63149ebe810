package org.traumaflow.pipeline.series;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the preprocessing pipeline; every Beam runner option passes through beside them.
 * The series come from {@code --input} or, inherited, {@code --dicomweb}: one of the two is required.
 */
public interface PreprocessOptions extends DicomwebOptions {
  @Description("Dataset root in the competition layout (train_images/, test_images/, *_series_meta.csv): a folder or gs:// prefix.")
  @Validation.Required(groups = DicomwebOptions.SOURCE)
  String getInput();

  void setInput(String value);

  @Description("Where to write info.jsonl, dead_letters.jsonl and volumes/ (a folder or gs:// prefix).")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Preprocessing spec (YAML). Default: the built-in pipelines/preprocess.yaml, METHOD.md's values; score's default is the spec "
      + "the segmentation model (or, without one, the runs) recorded in training, when they record one.")
  String getSpec();

  void setSpec(String value);

  @Description("Only these patients: comma-separated patient ids.")
  @Default.String("")
  String getPatients();

  void setPatients(String value);

  @Description("Only the first N patients in patient-id order (0: all).")
  @Default.Integer(0)
  int getLimit();

  void setLimit(int value);

  @Description("Segmentation checkpoint folder (from train-segmentation). Without it, info records have no organ visibility or crop box.")
  String getSegmentationModel();

  void setSegmentationModel(String value);

  @Description("Reference organ masks instead of the segmentation model: a local folder of <series_id>.nii[.gz] NIfTI label masks, "
      + "or one such file for every series read; labels mapped to organs by the spec's reference_masks table.")
  String getMasks();

  void setMasks(String value);
}
