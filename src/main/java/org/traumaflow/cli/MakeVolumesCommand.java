package org.traumaflow.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code traumaflow make-volumes}: the stage-2 training dataset, on any Beam runner. */
@Command(
    name = "make-volumes",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the training patients of a dataset in the competition layout, segments their organs",
      "and writes the stage-2 training dataset under OUTPUT: shards/<shard>/{images,targets,masks}.npy",
      "and index.json, manifest.json (counts, label prevalence, config hash, SHA-256 of every file;",
      "written last), train.csv, and dead_letters.jsonl. Settings: the spec's sequences: section.",
      "Other options go to Beam: --runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ..."
    })
final class MakeVolumesCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Dataset root: a folder or gs:// prefix.")
  String input;

  @Mixin DatasetOptions dataset;

  @Option(names = "--output", required = true, paramLabel = "OUTPUT", description = "Dataset folder or gs:// prefix to write.")
  String output;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    PreprocessOptions options = PipelineArguments.validated(commandSpec, beamArguments, PreprocessOptions.class);
    // One run per output location, taken once the inputs are known good: a second run there would
    // interleave its files with this one's.
    var err = commandSpec.commandLine().getErr();
    try (OutputLock lock = OutputLock.acquire(ObjectStore.at(output), "make-volumes", OutputLock.DEFAULT_RECLAIM_AGE);
        StopOnSignal stop = StopOnSignal.install("make-volumes", lock, err)) {
      PipelineResult result;
      try {
        result = stop.running(MakeVolumesPipeline.run(options));
      } catch (InvalidSpecException | NoSuchFileException | IllegalArgumentException invalid) {
        throw new UserInputException(invalid.getMessage());
      }
      PipelineResult.State state = result.waitUntilFinish();
      if (stop.signalled()) {
        return 1;
      }
      err.println("make-volumes: " + state + "; wrote " + output + "/manifest.json and "
          + output + "/" + MakeVolumesPipeline.DEAD_LETTERS);
      return state == PipelineResult.State.DONE ? 0 : 1;
    }
  }
}
