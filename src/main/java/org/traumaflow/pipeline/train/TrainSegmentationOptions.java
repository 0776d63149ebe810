package org.traumaflow.pipeline.train;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of the stage-1 training pipeline, those of {@code traumaflow train-segmentation}; every Beam runner option passes through beside them. */
public interface TrainSegmentationOptions extends PipelineOptions {
  @Description("Dataset root in the competition layout with segmentations/ and train_series_meta.csv: a folder or gs:// prefix.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description("Checkpoint folder or gs:// prefix to write (a gs:// checkpoint is staged locally, then uploaded with its manifest last).")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Preprocessing spec (YAML) giving the stage-1 input: a path or gs://. Default: the built-in pipelines/preprocess.yaml.")
  String getSpec();

  void setSpec(String value);

  @Description("Network size: method (ResNet-18 3D U-Net) or tiny (for CPUs and tests).")
  @Default.String("method")
  String getModel();

  void setModel(String value);

  @Description("Stage-1 slice size (0: the spec's).")
  @Default.Integer(0)
  int getSize();

  void setSize(int value);

  @Description("Epochs.")
  @Default.Integer(10)
  int getEpochs();

  void setEpochs(int value);

  @Description("Chunks per step.")
  @Default.Integer(4)
  int getBatchSize();

  void setBatchSize(int value);

  @Description("Peak AdamW learning rate, cosine schedule.")
  @Default.Float(5e-4f)
  float getLearningRate();

  void setLearningRate(float value);

  @Description("Folds of patients (GroupKFold).")
  @Default.Integer(5)
  int getFolds();

  void setFolds(int value);

  @Description("Train only this fold's model (0..folds-1), e.g. one per parallel job; default: every fold.")
  Integer getFold();

  void setFold(Integer value);

  @Description("mean: keep every fold model, inference averages their probabilities; best: keep the one with the highest mean held-out Dice.")
  @Default.String("mean")
  String getFoldModels();

  void setFoldModels(String value);

  @Description("Train with the random flips, small rotations and zooms and intensity jitter of 3D segmentation practice.")
  @Default.Boolean(true)
  boolean getAugment();

  void setAugment(boolean value);

  @Description("Seeds initialisation and shuffling.")
  @Default.Long(2023)
  long getSeed();

  void setSeed(long value);

  @Description("Local scratch folder on the worker for the copy of a gs:// dataset's masked series (default: the JVM's temporary folder).")
  String getWorkDir();

  void setWorkDir(String value);
}
