package org.traumaflow.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The stage-1 options of a command that reads series through stage 1 (make-volumes, score):
 * which patients, the segmentation checkpoint and the preprocessing spec; where the series are
 * is each command's own ({@link StudySource} for score). A picocli mixin, so each is declared
 * and described once; {@link PipelineArguments} passes them on by name.
 */
final class DatasetOptions {
  @Option(names = "--segmentation-model", paramLabel = "LOCATION",
      description = "Stage-1 checkpoint (train-segmentation): organ visibility and the study crop box. make-volumes needs it; "
          + "score refuses to run without it unless --no-segmentation is given.")
  String segmentationModel;

  @Option(names = "--spec", paramLabel = "YAML", description = "Preprocessing spec; default: the built-in pipelines/preprocess.yaml, but for score "
      + "the spec the segmentation model (or, without one, the runs) recorded in training, when they record one; a given spec that disagrees "
      + "with a recorded one in what the model takes is refused.")
  String spec;

  @Mixin PatientSelection patients;
}
