package org.traumaflow.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.MemberVerifier;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;

/**
 * {@code traumaflow score}: a dataset's patients to a competition submission with a verified
 * ensemble. Steps: 1-4 discover, read, preprocess and segment ({@link PrepareAndSegment}, the
 * test split by default), 5 the windows of the ensemble's variants without labels
 * ({@link MakeVolumes}), 6 every member on every window and the max per series
 * ({@link RunEnsemble}), 7 each patient's series blended ({@link BlendPatients}), 8-10 the sinks:
 * {@code submission.csv}, {@code predictions.jsonl} and {@code dead_letters.jsonl}, each written
 * atomically, and 11 {@code report.html} ({@link ScoreReport}) from these files once all three are
 * written. A series the output's ledger holds is carried over instead of scored
 * ({@link CheckLedger}); {@link ScoreInPasses} runs the job as a {@link #plan} and several
 * {@link ScorePass passes} where one run would hold too many series.
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
   * The ensemble spec of {@code options}, read, validated and with every member's file verified
   * against its hash, the SHA-256 of the spec file that names the predictions, and the other
   * run-level inputs read and checked with it: the preprocessing spec and the fallback row.
   *
   * @param preprocessOrigin one line for the user: which preprocessing spec, and where it came from
   */
  public record VerifiedEnsemble(EnsembleSpec spec, String sha256, PreprocessSpec preprocess, String preprocessOrigin, PriorBaseline fallback) {}

  /**
   * Reads the spec, refuses a run listed twice, hashes every member's stored file and checks each
   * registry run's model, variant and task ({@link MemberVerifier#storedRuns}); reads the
   * preprocessing spec, loads the segmentation model and every member and checks the slice sizes
   * they take against it ({@link ScorePreflight}); reads the input's {@code train.csv}: all before
   * a study is read or anything is written.
   *
   * @param log where the driver says what the user should know, e.g. that the fallback row is uniform
   * @throws InvalidSpecException when a spec is not valid, a run is listed twice, a target's members
   *     all weigh 0, or a model does not load or takes other slices than the preprocessing spec makes
   * @throws org.traumaflow.ensemble.MemberIntegrityException naming the first missing, changed or mismatched file
   * @throws org.traumaflow.label.LabelFileException when the input's train.csv is malformed
   * @throws IllegalArgumentException when there is no segmentation model and no {@code --noSegmentation}, or both
   */
  public static VerifiedEnsemble verify(ScoreOptions options, Consumer<String> log) throws InvalidSpecException, IOException {
    requireSegmentationChoice(options);
    // A path or gs:// (a template's parameter), read through the one mirror every command uses for single files.
    Path file = LocalMirror.file(options.getEnsemble(), LocalMirror.defaultCache());
    EnsembleSpec spec = EnsembleSpec.read(file);
    String runs = trimmed(options.getRuns());
    spec.requireDistinctRuns(file.toString(), runs);
    MemberVerifier.againstFiles(spec, runs);
    spec.requirePositiveWeights(file.toString(), MemberVerifier.tasks(spec, MemberVerifier.storedRuns(spec, runs)));
    boolean model = options.getSegmentationModel() != null && !options.getSegmentationModel().isBlank();
    String segmentation = model ? trimmed(options.getSegmentationModel()) : null;
    RecordedPreprocessing.Chosen chosen = RecordedPreprocessing.choose(options.getSpec(), segmentation, spec, runs);
    PreprocessSpecFile used = chosen.file();
    PreprocessSpec preprocess = used.spec();
    List<String> variants = spec.members().stream().map(EnsembleSpec.Member::variant).distinct().toList();
    if (!preprocess.variants().containsAll(variants)) {
      throw new InvalidSpecException(used.name() + ": the ensemble's members need the variants " + variants
          + ", the preprocessing spec makes only " + preprocess.variants(), null);
    }
    ScorePreflight.check(segmentation, spec, file.toString(), runs, used);
    // Refused here, before anything is scored, rather than after a night of scoring.
    StoreResults.destination(options);
    return new VerifiedEnsemble(spec, Sha256.hex(Files.readAllBytes(file)), preprocess, chosen.describe(), fallback(options.getInput(), log));
  }

  /**
   * Every model was trained on slices cropped to the study's organs: scoring uncropped ones must
   * be asked for, never what a forgotten option gives.
   */
  private static void requireSegmentationChoice(ScoreOptions options) {
    boolean model = options.getSegmentationModel() != null && !options.getSegmentationModel().isBlank();
    if (!model && !options.getNoSegmentation()) {
      throw new IllegalArgumentException("score needs a segmentation model (--segmentation-model, from train-segmentation; segmentationModel in a template): the members "
          + "were trained on slices cropped to the organs it finds. To score uncropped slices anyway, pass --no-segmentation");
    }
    if (model && options.getNoSegmentation()) {
      throw new IllegalArgumentException("--segmentation-model and --no-segmentation (noSegmentation) contradict each other; give one");
    }
  }

  /**
   * Verifies the ensemble ({@link #verify}), then builds and starts the pipeline.
   *
   * @param log where the driver says what the user should know, e.g. that the fallback row is uniform
   */
  public static PipelineResult run(ScoreOptions options, Consumer<String> log) throws InvalidSpecException, IOException {
    VerifiedEnsemble ensemble = verify(options, log);
    log.accept(ensemble.preprocessOrigin());
    return run(options, ensemble);
  }

  /** Builds and starts the whole job as one pipeline, with the inputs {@link #verify} has already read and checked. */
  public static PipelineResult run(ScoreOptions options, VerifiedEnsemble ensemble) throws IOException {
    return run(options, ensemble, ScorePass.whole());
  }

  /**
   * Builds and starts a pipeline that discovers the series and writes, to {@link #PLAN} under the
   * output, the keys of those the ledger does not carry over, one JSON string per line, sorted:
   * what {@link ScoreInPasses} splits into passes.
   */
  public static PipelineResult plan(ScoreOptions options, VerifiedEnsemble ensemble) throws IOException {
    String output = startRun(options);
    ObjectStore.at(output).delete(PLAN);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply("Discover series", SeriesSource.of(options).withSplits(splits(options))).get(SeriesSource.SERIES)
        .apply("Check ledger", checkLedger(options, output, scoringKey(options, ensemble), null)).get(CheckLedger.TO_SCORE)
        .apply("Keys", MapElements.into(TypeDescriptors.strings()).via((SeriesRef ref) -> json(ref.key())))
        .apply("Plan", SortedJsonLines.to(output + "/" + PLAN));
    return pipeline.run();
  }

  /** Builds and starts one pass of the job ({@link ScorePass}), with the inputs {@link #verify} has already read and checked. */
  public static PipelineResult run(ScoreOptions options, VerifiedEnsemble ensemble, ScorePass pass) throws IOException {
    PreprocessSpec spec = ensemble.preprocess();
    List<String> variants = ensemble.spec().members().stream().map(EnsembleSpec.Member::variant).distinct().toList();
    String output = startRun(options);
    PriorBaseline fallback = ensemble.fallback();
    ScoringKey key = scoringKey(options, ensemble);
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
    PCollectionTuple made = segmented.apply("Make volumes", MakeVolumes.of(spec.sequenceConfig(), variants));
    PCollectionTuple scored = made.get(MakeVolumes.SAMPLES).apply("Run ensemble", RunEnsemble.of(ensemble.spec(), trimmed(options.getRuns()))
        .withBatchWindows(spec.sequences().windowsPerForward()));
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
        .apply("Blend patients", BlendPatients.of(ensemble.spec(), fallback, stageLetters));
    PCollection<PatientPrediction> predictions = underClaim(patients.get(BlendPatients.PATIENTS), "Predictions", pass);

    PCollection<String> submission = predictions
        .apply("All patients", Combine.globally(AllElements.<PatientPrediction>create()))
        .apply("Submission", ParDo.of(new WriteSubmissionFn(output)));
    String specSha256 = ensemble.sha256();
    String segmentationSha256 = key.segmentationSha256();
    PCollection<String> predictionLines = predictions
        .apply("Predictions as JSON", MapElements.into(TypeDescriptors.strings())
            .via((PatientPrediction p) -> json(p.asJson(specSha256, segmentationSha256))))
        .apply("Predictions", SortedJsonLines.to(output + "/" + PREDICTIONS));
    PCollection<DeadLetter> earlierPasses = ledger.get(CheckLedger.CARRIED)
        .apply("Earlier passes' letters", EarlierPassLetters.matching(output + "/" + PASS_LETTERS + "*.jsonl"));
    PCollectionList<DeadLetter> letters = PCollectionList.of(stageLetters).and(patients.get(BlendPatients.DEAD_LETTERS)).and(earlierPasses)
        .and(ledger.get(CheckLedger.CARRIED_LETTERS)).and(ledger.get(CheckLedger.INVALID_ENTRIES));
    StoreResults.Destination destination = StoreResults.destination(options);
    if (destination != null) {
      // The key images are the montages' tiles: stored only once every montage of the run is written.
      letters = letters.and(predictions.apply("Montages written", Wait.on(montages))
          .apply("Store results", StoreResults.to(destination, output, SeriesSource.dicomweb(options), algorithmNames(ensemble.spec()), specSha256)
              .withSeries(found.get(SeriesSource.SERIES))));
    }
    PCollection<DeadLetter> allLetters = letters.apply("Gather dead letters", Flatten.pCollections());
    PCollection<String> deadLetters = underClaim(allLetters, "Dead letters", pass)
        .apply("Dead letters", DeadLetterFile.to(output + "/" + DEAD_LETTERS));
    // The report reads the three files, so it waits for all of them; it is part of the job so that
    // a launch that does not wait (a Flex Template) still gets one.
    PCollectionList.of(submission).and(predictionLines).and(deadLetters)
        .apply("Run files", Flatten.pCollections())
        .apply("All written", Count.globally())
        .apply("Report", ParDo.of(new WriteReportFn(output, System.currentTimeMillis(), trimmed(options.getTruth()))));
    return pipeline.run();
  }

  /** The ensemble's members as the results name the algorithm: each member, with its model where it names one. */
  private static List<String> algorithmNames(EnsembleSpec spec) {
    return spec.members().stream().map(m -> m.model() == null ? m.name() : m.name() + " (" + m.model() + ")").toList();
  }

  /**
   * What every run of the job does first: a run cut short must not leave an older submission or
   * report looking like this run's; and each runner is told that no step changes its input.
   *
   * @return the output location, without a trailing slash
   */
  private static String startRun(ScoreOptions options) throws IOException {
    String output = trimmed(options.getOutput());
    ObjectStore.at(output).delete(SUBMISSION);
    ObjectStore.at(output).delete(ScoreReport.FILE);
    FlinkBatchExecution.configure(options);
    // The same promise to the direct runner: its checks encode every element once more and keep
    // the copy, so a 1,500-slice series would be held three times more between reading,
    // preprocessing and segmentation, and overflow a 4 GB heap. RELIABILITY.md.
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    return output;
  }

  /** {@code results}, held back until the pass has checked it still owns the output's lock (when it holds one). */
  private static <T> PCollection<T> underClaim(PCollection<T> results, String name, ScorePass pass) {
    return pass.claim() == null ? results : results.apply(name + ": still the output's writer", WhileLockHeld.by(pass.claim()));
  }

  /** With --rescore, a whole run rescores every series and a pass only its own, so that each is rescored once. */
  private static CheckLedger checkLedger(ScoreOptions options, String output, ScoringKey key, Set<String> passSeries) {
    CheckLedger check = CheckLedger.in(output, key);
    if (!options.getRescore()) {
      return check;
    }
    return passSeries == null ? check.rescoringAll() : check.rescoring(passSeries);
  }

  private static ScoringKey scoringKey(ScoreOptions options, VerifiedEnsemble ensemble) throws IOException {
    return new ScoringKey(ensemble.sha256(), ensemble.preprocess().sha256(), segmentationSha256(options.getSegmentationModel()));
  }

  private static Set<String> splits(ScoreOptions options) {
    return Arrays.stream(options.getSplits().split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** The checkpoint manifest's SHA-256, which pins every file of the segmentation model. */
  private static String segmentationSha256(String model) throws IOException {
    if (model == null || model.isBlank()) {
      return ScoringKey.NO_SEGMENTATION;
    }
    return Sha256.hex(ObjectStore.at(trimmed(model)).read(CheckpointFiles.MANIFEST));
  }

  /** The label prior of the dataset's train.csv; without one (or a dataset: DICOMweb), every class of a group equally likely. */
  private static PriorBaseline fallback(String input, Consumer<String> log) throws IOException {
    if (input == null || input.isBlank()) {
      log.accept("score: a DICOMweb service has no train.csv; groups no member predicts, and patients with no "
          + "scored series, get a uniform row instead of the label prior");
      return PriorBaseline.uniform();
    }
    ObjectStore dataset = ObjectStore.at(trimmed(input));
    if (!dataset.exists("train.csv")) {
      log.accept("score: " + dataset.uri("train.csv") + " is absent; groups no member predicts, and patients with no "
          + "scored series, get a uniform row instead of the label prior");
      return PriorBaseline.uniform();
    }
    String text = new String(dataset.read("train.csv"), StandardCharsets.UTF_8);
    return PriorBaseline.prevalence(LabelTables.readTrain(dataset.uri("train.csv"), new StringReader(text)));
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** One mapper per JVM, created on first use on a worker. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static String trimmed(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  private static final class CropBoxFn extends DoFn<KV<SeriesRef, SegmentedSeries>, KV<String, CropBox>> {
    @ProcessElement
    public void process(@Element KV<SeriesRef, SegmentedSeries> series, OutputReceiver<KV<String, CropBox>> out) {
      if (series.getValue().organs() != null) {
        out.output(KV.of(series.getKey().key(), series.getValue().organs().cropBox()));
      }
    }
  }

  private static final class WriteReportFn extends DoFn<Long, String> {
    private final String output;
    private final long startedMillis;
    private final String truth;

    WriteReportFn(String output, long startedMillis, String truth) {
      this.output = output;
      this.startedMillis = startedMillis;
      this.truth = truth;
    }

    @ProcessElement
    public void process(OutputReceiver<String> out) throws IOException {
      Map<Integer, PatientLabels> labels = null;
      if (!truth.isEmpty()) {
        labels = LabelTables.readTrain(LocalMirror.file(truth, LocalMirror.defaultCache()));
      }
      double wallSeconds = (System.currentTimeMillis() - startedMillis) / 1000.0;
      out.output(ScoreReport.write(ObjectStore.at(output), new ScoreReport.RunFiles(PREDICTIONS, DEAD_LETTERS, SUBMISSION), wallSeconds, labels));
    }
  }

  private static final class WriteSubmissionFn extends DoFn<List<PatientPrediction>, String> {
    private final StepTime time = StepTime.of(StepTime.SUBMISSION);
    private final String output;

    WriteSubmissionFn(String output) {
      this.output = output;
    }

    @ProcessElement
    public void process(@Element List<PatientPrediction> patients, OutputReceiver<String> out) throws IOException {
      ObjectStore store = ObjectStore.at(output);
      time.measure(() -> {
        Submission submission = Submission.of(store.uri(SUBMISSION), patients.stream().map(p -> p.row().row()).toList());
        store.write(SUBMISSION, SubmissionCsv.bytes(submission));
        return submission;
      });
      out.output(store.uri(SUBMISSION));
    }
  }
}
