package org.traumaflow.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of the preprocessing pipeline; every Beam runner option passes through beside them. */
public interface PreprocessOptions extends PipelineOptions {
  @Description("Dataset root in the competition layout (train_images/, test_images/, *_series_meta.csv): a folder or gs:// prefix. "
      + "Required unless --dicomweb is given.")
  String getInput();

  void setInput(String value);

  @Description("DICOMweb service root (QIDO-RS and WADO-RS), e.g. http://127.0.0.1:8042/dicom-web: its CT series are read instead of "
      + "--input's, as the test split. Credentials come from --dicomwebCredentials or the environment variables "
      + "TRAUMAFLOW_DICOMWEB_USER and TRAUMAFLOW_DICOMWEB_PASSWORD, on every worker.")
  String getDicomweb();

  void setDicomweb(String value);

  @Description("File whose first line is user:password for the DICOMweb service (readable on every worker).")
  String getDicomwebCredentials();

  void setDicomwebCredentials(String value);

  @Description("PEM file of the certificate authorities to trust for an https DICOMweb service, instead of the system's.")
  String getDicomwebCaFile();

  void setDicomwebCaFile(String value);

  @Description("Where to write info.jsonl, dead_letters.jsonl and volumes/ (a folder or gs:// prefix).")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Preprocessing spec (YAML). Default: the built-in pipelines/preprocess.yaml, METHOD.md's values.")
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
}
