package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.PipelineResult;
import org.traumaflow.bench.MicroBatchPlan;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.train.TrainOptions;
import org.traumaflow.pipeline.train.TrainPipeline;
import org.traumaflow.pipeline.train.TrainSpec;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.zoo.TrainingRun;
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
  private static final Pattern GPU_MEMORY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)g(?:ib)?");

  @Option(names = "--spec", required = true, paramLabel = "YAML", description = "Training spec, e.g. pipelines/train-tiny.yaml.")
  String spec;

  @Option(names = "--data", paramLabel = "LOCATION", description = "Stage-2 dataset (make-volumes output); overrides the spec's data.")
  String data;

  @Option(names = "--output", paramLabel = "LOCATION", description = "Folder or gs:// prefix for runs and the registry (required unless --plan).")
  String output;

  @Option(names = "--plan", description = "Train nothing: print, per model of the spec, its parameters, what one window adds to a"
      + " training step's memory at the spec's size (one forward and backward measured on this CPU) and the largest"
      + " micro-batch that fits --gpu-memory, with the accumulate_batches that reaches the spec's batch and whether the"
      + " spec's own accumulate_batches fits.")
  boolean plan;

  @Option(names = "--gpu-memory", defaultValue = "24g", paramLabel = "SIZE",
      description = "The GPU --plan sizes micro-batches for, in GiB: 24g for an NVIDIA L4 (the train template's worker), 80g for an H100 (default ${DEFAULT-VALUE}).")
  String gpuMemory;

  @Option(names = "--resume", description = "Continue interrupted runs from their last stored epoch.")
  boolean resume;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws Exception {
    if (plan) {
      return plan();
    }
    if (output == null) {
      throw new UserInputException("train needs --output (or --plan to only size the runs)");
    }
    TrainOptions options = options();
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

  /** The pipeline's options; {@code --plan} has no output, so it skips the check that one is given. */
  private TrainOptions options() {
    return plan ? PipelineArguments.unvalidated(commandSpec, beamArguments, TrainOptions.class)
        : PipelineArguments.validated(commandSpec, beamArguments, TrainOptions.class);
  }

  /** {@code --plan}: each model's micro-batch for the GPU, from its first run's network (a model's runs share it). */
  private int plan() {
    long gpuBytes = gpuBytes(gpuMemory);
    TrainSpec trainSpec;
    try {
      trainSpec = TrainPipeline.spec(options());
    } catch (InvalidSpecException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    Map<String, List<TrainingRun>> byModel = new LinkedHashMap<>();
    trainSpec.runs().forEach(run -> byModel.computeIfAbsent(run.model(), m -> new ArrayList<>()).add(run));
    List<MicroBatchPlan.Row> rows = new ArrayList<>();
    var err = commandSpec.commandLine().getErr();
    for (Map.Entry<String, List<TrainingRun>> model : byModel.entrySet()) {
      TrainingRun first = model.getValue().get(0);
      err.println("train --plan: measuring " + model.getKey() + " (one forward and backward of one window)");
      rows.add(MicroBatchPlan.measure(model.getKey(), model.getValue().size(), SequenceModelConfig.fromJson(first.configJson()), first.batchSize(), first.accumulateBatches(), gpuBytes));
    }
    commandSpec.commandLine().getOut().print(MicroBatchPlan.table(rows, gpuBytes));
    return 0;
  }

  private static long gpuBytes(String size) {
    Matcher m = GPU_MEMORY.matcher(size.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UserInputException("--gpu-memory " + size + ": give GiB as a number followed by g, e.g. 24g or 80g");
    }
    return (long) (Double.parseDouble(m.group(1)) * (1L << 30));
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
