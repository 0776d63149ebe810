package org.traumaflow.pipeline.series;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Where a DICOMweb source is and how to reach it, for pipelines that read series through stage 1
 * ({@link PrepareAndSegment}). No secret is an option: options are shown by runners and stored
 * with jobs, so each worker reads the credentials from a file or its environment.
 */
public interface DicomwebOptions extends PipelineOptions {
  /** The validation group of the series' source: a dataset root or a DICOMweb service. */
  String SOURCE = "series source";

  @Description("DICOMweb service root (QIDO-RS and WADO-RS), e.g. http://127.0.0.1:8042/dicom-web: its CT series are read instead of "
      + "--input's, as the test split. Credentials come from --dicomwebCredentials or the environment variables "
      + "TRAUMAFLOW_DICOMWEB_USER and TRAUMAFLOW_DICOMWEB_PASSWORD, on every worker.")
  @Validation.Required(groups = SOURCE)
  String getDicomweb();

  void setDicomweb(String value);

  @Description("File whose first line is user:password for the DICOMweb service (readable on every worker).")
  String getDicomwebCredentials();

  void setDicomwebCredentials(String value);

  @Description("PEM file of the certificate authorities to trust for an https DICOMweb service, instead of the system's.")
  String getDicomwebCaFile();

  void setDicomwebCaFile(String value);
}
