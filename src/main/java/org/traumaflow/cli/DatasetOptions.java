package org.traumaflow.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The stage-1 options of a command that reads series through stage 1 (make-volumes, score):
 * which patients, the segmentation checkpoint and the preprocessing spec; where the series are
 * is each command's own ({@link StudySource} for score). A picocli mixin, so each is declared
 * and described once.
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

  @Option(names = "--patients", paramLabel = "IDS", description = "Only these patients (comma-separated ids).")
  String patients;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N patients in id order.")
  Integer limit;

  /** These options as Beam pipeline arguments ({@code PreprocessOptions}'s names). */
  List<String> pipelineArguments() {
    List<String> args = new ArrayList<>();
    if (segmentationModel != null) {
      args.add("--segmentationModel=" + segmentationModel);
    }
    if (spec != null) {
      args.add("--spec=" + spec);
    }
    if (patients != null) {
      args.add("--patients=" + patients);
    }
    if (limit != null) {
      args.add("--limit=" + limit);
    }
    return args;
  }
}
