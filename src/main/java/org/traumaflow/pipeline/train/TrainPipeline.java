package org.traumaflow.pipeline.train;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.pipeline.common.AllElements;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.DeadLetterFile;
import org.traumaflow.pipeline.common.RunnerTuning;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.TrainingRun;
import org.traumaflow.zoo.ZooRegistry;

/**
 * {@code traumaflow train}: the model zoo of a training spec as one pipeline. Steps:
 * 1 expand the spec into runs (model x fold x seed), 2 train them spread over workers
 * ({@link TrainZoo}), 3 collect every outcome into {@code registry.json} with each model's
 * out-of-fold score, and failed runs into {@code dead_letters.jsonl}.
 */
public final class TrainPipeline {
  public static final String REGISTRY = "registry.json";
  public static final String DEAD_LETTERS = "dead_letters.jsonl";

  private TrainPipeline() {}

  /** Launches the pipeline and returns without waiting for the job, as {@link PreprocessPipeline#main} does for a template's launcher. */
  public static void main(String[] args) throws InvalidSpecException {
    run(PipelineOptionsFactory.fromArgs(args).withValidation().as(TrainOptions.class));
  }

  /** The spec of {@code options}, with {@code --data} applied; fails before anything trains. */
  public static TrainSpec spec(TrainOptions options) throws InvalidSpecException {
    TrainSpec spec = TrainSpec.load(options.getSpec());
    return options.getData() == null || options.getData().isBlank() ? spec : spec.withData(options.getData());
  }

  public static PipelineResult run(TrainOptions options) throws InvalidSpecException {
    TrainSpec spec = spec(options);
    String output = Locations.trimmed(options.getOutput());
    RunnerTuning.configure(options);
    Pipeline pipeline = Pipeline.create(options);
    List<TrainingRun> runs = spec.runs();
    PCollection<TrainZoo.Outcome> outcomes = pipeline
        .apply("Runs of the spec", Create.of(runs).withType(TypeDescriptor.of(TrainingRun.class)))
        .apply("Train the zoo", TrainZoo.to(output).withResume(options.getResume()).withWorkDir(options.getWorkDir()));
    outcomes
        .apply("All outcomes", Combine.globally(AllElements.<TrainZoo.Outcome>create()))
        .apply("Registry", ParDo.of(new WriteRegistryFn(output, spec.data())));
    outcomes
        .apply("Failed runs", ParDo.of(new FailureFn()))
        .apply("Dead letters", DeadLetterFile.to(output + "/" + DEAD_LETTERS));
    return pipeline.run();
  }

  private static final class FailureFn extends DoFn<TrainZoo.Outcome, DeadLetter> {
    @ProcessElement
    public void process(@Element TrainZoo.Outcome outcome, OutputReceiver<DeadLetter> out) {
      if (outcome.failure() != null) {
        int colon = outcome.failure().indexOf(':');
        out.output(new DeadLetter("train", outcome.runId(), outcome.runId(), colon < 0 ? outcome.failure() : outcome.failure().substring(0, colon),
            colon < 0 ? "" : outcome.failure().substring(colon + 2), true));
      }
    }
  }

  private static final class WriteRegistryFn extends DoFn<List<TrainZoo.Outcome>, String> {
    private final String output;
    private final String data;

    WriteRegistryFn(String output, String data) {
      this.output = output;
      this.data = data;
    }

    @ProcessElement
    public void process(@Element List<TrainZoo.Outcome> outcomes, OutputReceiver<String> out) throws IOException {
      ObjectStore dataset = ObjectStore.at(data);
      Map<Integer, PatientLabels> truth = LabelTables.readTrain(dataset.uri(MakeVolumesPipeline.TRAIN_CSV),
          new StringReader(new String(dataset.read(MakeVolumesPipeline.TRAIN_CSV), StandardCharsets.UTF_8)));
      List<RunRecord> records = outcomes.stream().filter(o -> o.record() != null).map(TrainZoo.Outcome::record).toList();
      ZooRegistry registry = ZooRegistry.of(records, TrainZoo.failures(outcomes), truth);
      ObjectStore store = ObjectStore.at(output);
      store.write(REGISTRY, registry.toJson());
      registry.models().forEach((model, score) -> System.err.printf(java.util.Locale.ROOT,
          "train: %s out-of-fold score %.4f over %d patients (label prior %.4f), %d runs%n",
          model, score.oofScore(), score.patients(), score.priorScore(), score.runs()));
      out.output(store.uri(REGISTRY));
    }
  }
}
