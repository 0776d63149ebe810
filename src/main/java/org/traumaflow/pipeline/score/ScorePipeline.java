package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.DeadLetterFile;
import org.traumaflow.pipeline.common.JsonText;
import org.traumaflow.pipeline.common.RunnerTuning;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.SortedJsonLines;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.series.PrepareAndSegment;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.SeriesSource;
import org.traumaflow.pipeline.volumes.MakeVolumes;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;

/**
 * {@code traumaflow score}: a dataset's patients to a competition submission with a verified
 * ensemble ({@link ScoreInputs}). Steps: discover, read, preprocess and segment
 * ({@link PrepareAndSegment}, the test split by default), the windows of the ensemble's variants
 * without labels ({@link MakeVolumes}), every member on every window and the max per series
 * ({@link RunEnsemble}), each patient's series blended ({@link BlendPatients}), and the run's
 * files: {@code submission.csv}, {@code predictions.jsonl}, {@code dead_letters.jsonl} and
 * {@code report.html} ({@link PublishRun}). A series the output's ledger holds is carried over
 * instead of scored ({@link CheckLedger}); {@link ScoreInPasses} runs the job as a {@link #plan}
 * and several {@link ScorePass passes} where one run would hold too many series.
 */
public final class ScorePipeline {
  public static final String SUBMISSION = "submission.csv";
  public static final String PREDICTIONS = "predictions.jsonl";
  public static final String DEAD_LETTERS = "dead_letters.jsonl";
  /** The series a job done in passes set out to score ({@link #plan}); removed when the job is done. */
  public static final String PLAN = "score-plan.jsonl";
  /**
   * The start of the names of the dead-letter files of passes that only add to the ledger
   * ({@code score-pass-ID.jsonl}: the ledger entries they found invalid and replaced), read by
   * the publishing run ({@link EarlierPassLetters}) and removed when the job is done.
   */
  public static final String PASS_LETTERS = "score-pass-";

  private ScorePipeline() {}

  /**
   * Launches the pipeline and returns without waiting for the job, as {@link PreprocessPipeline#main}
   * does for a template's launcher.
   */
  public static void main(String[] args) throws InvalidSpecException, IOException {
    run(PipelineOptionsFactory.fromArgs(args).withValidation().as(ScoreOptions.class), System.err::println);
  }

  /**
   * Verifies the inputs ({@link ScoreInputs#verify}), then builds and starts the pipeline.
   *
   * @param log where the driver says what the user should know, e.g. that the fallback row is uniform
   */
  public static PipelineResult run(ScoreOptions options, Consumer<String> log) throws InvalidSpecException, IOException {
    ScoreInputs inputs = ScoreInputs.verify(options, log);
    log.accept(inputs.preprocessOrigin());
    return run(options, inputs);
  }

  /** Builds and starts the whole job as one pipeline, with the inputs {@link ScoreInputs#verify} has already read and checked. */
  public static PipelineResult run(ScoreOptions options, ScoreInputs inputs) throws IOException {
    return run(options, inputs, ScorePass.whole());
  }

  /**
   * Builds and starts a pipeline that discovers the series and writes, to {@link #PLAN} under the
   * output, the keys of those the ledger does not carry over, one JSON string per line, sorted:
   * what {@link ScoreInPasses} splits into passes.
   */
  public static PipelineResult plan(ScoreOptions options, ScoreInputs inputs) throws IOException {
    String output = startRun(options);
    ObjectStore.at(output).delete(PLAN);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply("Discover series", SeriesSource.of(options).withSplits(splits(options))).get(SeriesSource.SERIES)
        .apply("Check ledger", checkLedger(options, output, scoringKey(options, inputs), null)).get(CheckLedger.TO_SCORE)
        .apply("Keys", MapElements.into(TypeDescriptors.strings()).via((SeriesRef ref) -> JsonText.of(ref.key())))
        .apply("Plan", SortedJsonLines.to(output + "/" + PLAN));
    return pipeline.run();
  }

  /** Builds and starts one pass of the job ({@link ScorePass}), with the inputs {@link ScoreInputs#verify} has already read and checked. */
  public static PipelineResult run(ScoreOptions options, ScoreInputs inputs, ScorePass pass) throws IOException {
    PreprocessSpec spec = inputs.preprocess();
    String output = startRun(options);
    ScoringKey key = scoringKey(options, inputs);
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple found = pipeline.apply("Discover series", SeriesSource.of(options).withSplits(splits(options)));
    PCollectionTuple ledger = found.get(SeriesSource.SERIES).apply("Check ledger", checkLedger(options, output, key, pass.series()));
    PCollection<SeriesRef> toScore = ledger.get(CheckLedger.TO_SCORE);
    if (!pass.publishes()) {
      Set<String> series = pass.series();
      toScore = toScore.apply("This pass's series", Filter.by((SeriesRef ref) -> series.contains(ref.key())));
    }
    PCollectionTuple stage1 = toScore.apply("Prepare and segment", PrepareAndSegment.from(options, spec));
    PCollection<KV<SeriesRef, SegmentedSeries>> segmented = stage1.get(PrepareAndSegment.SEGMENTED);
    PCollection<String> montages = segmented.apply("Series montages", ParDo.of(new WriteSeriesMontage(output)));
    PCollectionTuple made = segmented.apply("Make volumes", MakeVolumes.of(spec.sequenceConfig(), inputs.variants()));
    PCollectionTuple scored = made.get(MakeVolumes.SAMPLES).apply("Run ensemble", RunEnsemble.of(inputs.spec(), Locations.trimmed(options.getRuns()))
        .withBatch(spec.sequences().inferenceBatch()));
    PCollectionList<DeadLetter> scoringLetters = PCollectionList.of(stage1.get(PrepareAndSegment.DEAD_LETTERS))
        .and(made.get(MakeVolumes.DEAD_LETTERS)).and(scored.get(RunEnsemble.DEAD_LETTERS));
    PCollection<KV<String, CropBox>> cropBoxes = segmented.apply("Crop boxes", ParDo.of(new CropBoxFn()));
    PCollection<KV<String, SeriesScore>> recorded = scored.get(RunEnsemble.SERIES)
        .apply("Record in ledger", RecordScoredSeries.in(output, key, cropBoxes, toScore,
            scoringLetters.apply("Scoring dead letters", Flatten.pCollections())));
    if (!pass.publishes()) {
      // A series' scoring letters are in its ledger entry; what the entry cannot hold is that the
      // entry it replaced did not verify.
      Set<String> series = pass.series();
      ledger.get(CheckLedger.INVALID_ENTRIES)
          .apply("This pass's invalid entries", Filter.by((DeadLetter letter) -> series.contains(letter.item())))
          .apply("Pass dead letters", DeadLetterFile.to(output + "/" + PASS_LETTERS + pass.id() + ".jsonl"));
      return pipeline.run();
    }
    PCollection<DeadLetter> stageLetters = PCollectionList.of(found.get(SeriesSource.DEAD_LETTERS)).and(scoringLetters.getAll())
        .apply("Series dead letters", Flatten.pCollections());
    PCollectionTuple patients = PCollectionList.of(recorded).and(ledger.get(CheckLedger.CARRIED))
        .apply("Scored and carried over", Flatten.pCollections())
        .apply("Blend patients", BlendPatients.of(inputs.spec(), inputs.fallback(), stageLetters));
    PCollection<DeadLetter> earlierPasses = ledger.get(CheckLedger.CARRIED)
        .apply("Earlier passes' letters", EarlierPassLetters.matching(output + "/" + PASS_LETTERS + "*.jsonl"));
    PCollectionList<DeadLetter> letters = PCollectionList.of(stageLetters).and(patients.get(BlendPatients.DEAD_LETTERS)).and(earlierPasses)
        .and(ledger.get(CheckLedger.CARRIED_LETTERS)).and(ledger.get(CheckLedger.INVALID_ENTRIES));
    PublishRun publish = PublishRun.to(output, letters).naming(inputs.sha256(), key.segmentationSha256()).under(pass.claim())
        .withTruth(Locations.trimmed(options.getTruth()));
    StoreResults.Destination destination = StoreResults.destination(options);
    if (destination != null) {
      publish = publish.storing(StoreResults.to(destination, output, SeriesSource.dicomweb(options), algorithmNames(inputs.spec()), inputs.sha256())
          .withSeries(found.get(SeriesSource.SERIES)), montages);
    }
    patients.get(BlendPatients.PATIENTS).apply("Publish run", publish);
    return pipeline.run();
  }

  /** The ensemble's members as the results name the algorithm: each member, with its model where it names one. */
  private static List<String> algorithmNames(EnsembleSpec spec) {
    return spec.members().stream().map(m -> m.model() == null ? m.name() : m.name() + " (" + m.model() + ")").toList();
  }

  /**
   * What every run of the job does first: a run cut short must not leave an older submission or
   * report looking like this run's; and the runner is tuned ({@link RunnerTuning}).
   *
   * @return the output location, without a trailing slash
   */
  private static String startRun(ScoreOptions options) throws IOException {
    String output = Locations.trimmed(options.getOutput());
    ObjectStore.at(output).delete(SUBMISSION);
    ObjectStore.at(output).delete(ScoreReport.FILE);
    RunnerTuning.configure(options);
    return output;
  }

  /** With --rescore, a whole run rescores every series and a pass only its own, so that each is rescored once. */
  private static CheckLedger checkLedger(ScoreOptions options, String output, ScoringKey key, Set<String> passSeries) {
    CheckLedger check = CheckLedger.in(output, key);
    if (!options.getRescore()) {
      return check;
    }
    return passSeries == null ? check.rescoringAll() : check.rescoring(passSeries);
  }

  private static ScoringKey scoringKey(ScoreOptions options, ScoreInputs inputs) throws IOException {
    return new ScoringKey(inputs.sha256(), inputs.preprocess().sha256(), segmentationSha256(options.getSegmentationModel()));
  }

  private static Set<String> splits(ScoreOptions options) {
    return Arrays.stream(options.getSplits().split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** The checkpoint manifest's SHA-256, which pins every file of the segmentation model. */
  private static String segmentationSha256(String model) throws IOException {
    if (model == null || model.isBlank()) {
      return ScoringKey.NO_SEGMENTATION;
    }
    return Sha256.hex(ObjectStore.at(Locations.trimmed(model)).read(CheckpointFiles.MANIFEST));
  }
}
