package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.traumaflow.pipeline.DeadLetter;
import org.traumaflow.pipeline.InvalidSpecException;
import org.traumaflow.pipeline.TrainOptions;
import org.traumaflow.pipeline.TrainPipeline;
import org.traumaflow.pipeline.TrainSpec;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code traumaflow train}: the stage-2 model zoo, one run per model x fold x seed, on any Beam runner. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains every run of a training spec (pipelines/train-*.yaml: models x folds x seeds) on the",
      "stage-2 dataset from make-volumes and writes, under OUTPUT, one folder per run",
      "(<model>/fold-F-seed-S/: checkpoint, metrics.json, oof_slices.csv, oof_studies.csv, run.json,",
      "manifest.json written last), registry.json (every run, its hashes and scores, each model's",
      "out-of-fold competition score) and dead_letters.jsonl (failed runs). Complete runs are not",
      "trained again; --resume continues interrupted ones from their last epoch.",
      "Other options go to Beam: --runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ..."
    })
final class TrainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--spec", required = true, paramLabel = "YAML", description = "Training spec, e.g. pipelines/train-tiny.yaml.")
  String spec;

  @Option(names = "--data", paramLabel = "LOCATION", description = "Stage-2 dataset (make-volumes output); overrides the spec's data.")
  String data;

  @Option(names = "--output", required = true, paramLabel = "LOCATION", description = "Folder or gs:// prefix for runs and the registry.")
  String output;

  @Option(names = "--resume", description = "Continue interrupted runs from their last stored epoch.")
  boolean resume;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(beamArguments);
    args.add("--spec=" + spec);
    args.add("--output=" + output);
    args.add("--resume=" + resume);
    if (data != null) {
      args.add("--data=" + data);
    }
    TrainOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(TrainOptions.class);
    } catch (IllegalArgumentException badOption) {
      throw new UserInputException(badOption.getMessage());
    }
    TrainSpec trainSpec;
    try {
      trainSpec = TrainPipeline.spec(options);
      ObjectStore dataset = ObjectStore.at(trainSpec.data());
      if (!dataset.exists("manifest.json")) {
        throw new UserInputException(trainSpec.data() + ": no stage-2 dataset there (no manifest.json); run make-volumes first");
      }
    } catch (InvalidSpecException | NoSuchFileException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    var err = commandSpec.commandLine().getErr();
    err.println("train: " + trainSpec.runs().size() + " runs from " + spec + " on " + trainSpec.data());
    // One run per output location, taken once the inputs are known good: a second run there would
    // interleave its files with this one's.
    try (OutputLock lock = OutputLock.acquire(ObjectStore.at(output), "train", OutputLock.DEFAULT_RECLAIM_AGE);
        StopOnSignal stop = StopOnSignal.install("train", lock, err)) {
      PipelineResult result = stop.running(TrainPipeline.run(options));
      PipelineResult.State state = result.waitUntilFinish();
      if (stop.signalled()) {
        return 1;
      }
      ObjectStore out = ObjectStore.at(output);
      List<DeadLetter> failed = failedRuns(out);
      // Each failure's own reason, here and not only in a worker's log, which may be on another machine.
      failed.forEach(run -> err.println("train: " + run.item() + " failed: " + run.errorType() + ": " + run.reason()));
      err.println("train: " + state + "; registry " + out.uri(TrainPipeline.REGISTRY) + (failed.isEmpty() ? "" : "; " + failed.size()
          + " runs failed, see " + out.uri(TrainPipeline.DEAD_LETTERS)));
      return state == PipelineResult.State.DONE && failed.isEmpty() ? 0 : 1;
    }
  }

  private static List<DeadLetter> failedRuns(ObjectStore out) throws IOException {
    if (!out.exists(TrainPipeline.DEAD_LETTERS)) {
      return List.of();
    }
    List<DeadLetter> letters = new ArrayList<>();
    for (String line : new String(out.read(TrainPipeline.DEAD_LETTERS), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
      letters.add(DeadLetter.fromJson(JSON.readTree(line)));
    }
    return letters;
  }
}
