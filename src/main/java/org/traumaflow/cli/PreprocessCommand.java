package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code traumaflow preprocess}: the preprocessing pipeline on any Beam runner. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Reads every series of a dataset in the competition layout (or every CT series of a DICOMweb service,",
      "--dicomweb, as the test split) and writes, under OUTPUT:",
      "info.jsonl (one record per series: slices, z positions, instance numbers, aortic HU, ...),",
      "volumes/<split>/<patient>/<series>/{ours,theo,stage1}.npy with JSON sidecars, and",
      "dead_letters.jsonl (every series or file that could not be used, and why).",
      "Organ visibility and crop boxes come from a segmentation model (--segmentation-model) or from reference",
      "NIfTI masks (--masks): the latter is also how to check stage 1 against reference segmentations.",
      "Other options go to Beam: --runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ..."
    })
final class PreprocessCommand implements Callable<Integer> {
  @Mixin StudySource source;

  @Option(names = "--output", required = true, paramLabel = "OUTPUT", description = "Output folder or gs:// prefix.")
  String output;

  @Option(names = "--spec", paramLabel = "YAML", description = "Preprocessing spec; default: the built-in pipelines/preprocess.yaml.")
  String spec;

  @Mixin PatientSelection patients;

  @Option(names = "--segmentation-model", paramLabel = "DIR", description = "Checkpoint from train-segmentation: adds organ visibility and crop boxes.")
  String segmentationModel;

  @Option(names = "--masks", paramLabel = "DIR|FILE",
      description = "Reference organ masks instead of a model: a folder of <series_id>.nii[.gz] NIfTI label masks (the competition's "
          + "segmentations/), or one file for every series read; labels become organs through the spec's reference_masks table "
          + "(default: TotalSegmentator's numbers).")
  Path masks;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    source.check();
    if (masks != null) {
      if (segmentationModel != null) {
        throw new UserInputException("--masks and --segmentation-model both give stage 1's organs: give one");
      }
      if (!Files.exists(masks)) {
        throw new UserInputException(masks + ": no such file or folder (--masks)");
      }
    }
    PreprocessOptions options = PipelineArguments.validated(commandSpec, beamArguments, PreprocessOptions.class);
    // One run per output location, taken once the inputs are known good: a second run there would
    // interleave its files with this one's.
    PrintWriter err = commandSpec.commandLine().getErr();
    try (OutputLock lock = OutputLock.acquire(ObjectStore.at(output), "preprocess", OutputLock.DEFAULT_RECLAIM_AGE);
        StopOnSignal stop = StopOnSignal.install("preprocess", lock, err)) {
      PipelineResult result;
      try {
        result = stop.running(PreprocessPipeline.run(options));
      } catch (InvalidSpecException invalid) {
        throw new UserInputException(invalid.getMessage());
      }
      PipelineResult.State state = result.waitUntilFinish();
      if (stop.signalled()) {
        return 1;
      }
      err.println("preprocess: " + state + "; wrote " + output + "/info.jsonl and " + output + "/dead_letters.jsonl");
      return state == PipelineResult.State.DONE ? 0 : 1;
    }
  }
}
