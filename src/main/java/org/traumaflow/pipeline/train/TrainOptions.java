package org.traumaflow.pipeline.train;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of the training pipeline; every Beam runner option passes through beside them. */
public interface TrainOptions extends PipelineOptions {
  @Description("Training spec (YAML): models x folds x seeds, e.g. pipelines/train-zoo.yaml.")
  @Validation.Required
  String getSpec();

  void setSpec(String value);

  @Description("Stage-2 dataset (from make-volumes): a folder or gs:// prefix. Overrides the spec's data.")
  String getData();

  void setData(String value);

  @Description("Where runs, their checkpoints and registry.json go: a folder or gs:// prefix.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Continue an interrupted run from its last stored epoch checkpoint instead of starting it over.")
  @Default.Boolean(false)
  boolean getResume();

  void setResume(boolean value);

  @Description("Local scratch folder for checkpoints before upload (default: the JVM's temporary folder).")
  String getWorkDir();

  void setWorkDir(String value);
}
