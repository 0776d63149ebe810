package org.traumaflow.pipeline.score;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.traumaflow.pipeline.series.PreprocessOptions;

/** Options of the scoring pipeline: the dataset and stage-1 options of preprocessing, plus the ensemble. */
public interface ScoreOptions extends PreprocessOptions {
  @Override
  @Description("Where to write submission.csv, predictions.jsonl and dead_letters.jsonl (a folder or gs:// prefix).")
  @Validation.Required
  String getOutput();

  @Override
  @Description("Segmentation checkpoint folder (from train-segmentation): the study crop box the members were trained on. "
      + "Required unless noSegmentation is true.")
  String getSegmentationModel();

  @Description("Ensemble spec (YAML, pipelines/ensemble.yaml's format): the members, pinned by SHA-256, their weights and the scaling.")
  @Validation.Required
  String getEnsemble();

  void setEnsemble(String value);

  @Description("Folder or gs:// prefix of the trained runs (traumaflow train's --output): registry run paths are taken under it.")
  @Validation.Required
  String getRuns();

  void setRuns(String value);

  @Description("Which splits of the dataset to score, comma-separated (train, test).")
  @Default.String("test")
  String getSplits();

  void setSplits(String value);

  @Description("train.csv-style labels of the scored patients (a file or gs:// object): report.html then gives the official metric.")
  @Default.String("")
  String getTruth();

  void setTruth(String value);

  @Description("Score without a segmentation model: every slice uncropped, which no model saw in training; predictions.jsonl "
      + "and report.html say so. Without it, segmentationModel is required.")
  @Default.Boolean(false)
  boolean getNoSegmentation();

  void setNoSegmentation(boolean value);

  @Description("Score every series again instead of carrying over those the output's ledger already holds for the same files and ensemble.")
  @Default.Boolean(false)
  boolean getRescore();

  void setRescore(boolean value);

  @Description("Write each scored study's results back as DICOM (a Comprehensive SR with the probabilities and findings, and "
      + "Secondary Capture key images): dicomweb stores them through STOW-RS into the dicomweb service the studies are read from, "
      + "folder writes them under output/dicom/<patient>/<study>/; empty: neither. What the ledger records as stored is not stored again.")
  @Default.String("")
  String getStoreResults();

  void setStoreResults(String value);
}
