package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.traumaflow.model.EncoderName;
import org.traumaflow.model.InferenceBatch;
import org.traumaflow.model.SequenceCheckpoint;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.score.ScoreOptions;
import org.traumaflow.pipeline.score.ScorePipeline;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;
import org.traumaflow.zoo.RunFiles;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.TrainingRun;

/**
 * Throughput of {@code score} on synthetic 512 x 512 RLE studies: series and patients per hour on
 * embedded Flink with parallelism 1 and 2, each run's time split by step from the pipeline's own
 * {@link StepTime} distributions, and the process's peak resident set (heap and libtorch's native
 * memory) per configuration. The reference, timed in the same invocation on the same files and
 * alternated with the scoring runs so both see the same load, is {@code preprocess} without
 * segmentation at the same parallelism. Scoring runs twice per repeat: with the built-in spec's
 * inference batches, and as it ran before them (whole windows through the encoder).
 *
 * <p>The member and the segmentation network have untrained weights: a forward costs the same.
 * The member is a registry run written the way {@code traumaflow train} writes one (checkpoint,
 * {@code run.json}, manifest) and pinned by its hash in an ensemble spec, so the pipeline verifies
 * it before it scores, as it does in production.
 */
public final class ScoreBenchmark {
  /** The member's size: the method's (production) or the tiny preset of the same topology, for checking the command. */
  public enum MemberSize { METHOD, TINY }

  /** How big the run is. */
  public record Settings(int patients, int maxSlices, int repeats, EncoderName encoder, MemberSize size) {
    public Settings {
      if (patients < 1 || maxSlices < 4 || repeats < 1) {
        throw new IllegalArgumentException("need at least 1 patient, 4 slices and 1 repeat, got " + patients + ", " + maxSlices + ", " + repeats);
      }
      if (encoder == EncoderName.TORCHSCRIPT) {
        throw new IllegalArgumentException("the member needs a built-in encoder (RESNET18, RESNET34 or EFFICIENTNET_V2_S), got " + encoder);
      }
    }
  }

  /** The stages a run's time is split into, each the sum of its steps' distributions. */
  public static final Map<String, List<String>> STAGES = stages();

  /**
   * One measured configuration.
   *
   * @param stageSeconds per {@link #STAGES} name, the median over repeats of the seconds its steps took per series
   * @param peakResidentMb the highest resident set of the process while this configuration ran
   */
  public record Row(String name, int parallelism, int series, int patients, double medianSeconds,
                    Map<String, Double> stageSeconds, double peakResidentMb, double ratio) {
    double seriesPerHour() {
      return series / medianSeconds * 3600;
    }

    double patientsPerHour() {
      return patients / medianSeconds * 3600;
    }
  }

  private static final String MEMBER = "bench-member";
  /** Windows and chunks per forward pass of the batched path. */
  private static final String VARIANT = "ours";

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public ScoreBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  public List<Row> run() throws IOException, InvalidSpecException {
    Path data = work.resolve("data-512-" + settings.patients() + "x" + settings.maxSlices());
    if (!Files.exists(data.resolve("MANIFEST.json"))) {
      progress.println("bench: writing " + settings.patients() + " synthetic patients at 512 x 512, up to " + settings.maxSlices() + " slices");
      SyntheticDataset.generate(SynthConfig.defaults(data, settings.patients()).withTestPatients(0)
          .withMaxSlices(settings.maxSlices()).withSeed(3), SyntheticDataset.Progress.NONE);
    }
    String size = settings.size().name().toLowerCase(Locale.ROOT);
    Path segmentation = segmentationModel(work.resolve("seg-" + size + "-untrained"));
    Path runs = work.resolve("runs-" + size + "-" + settings.encoder().name().toLowerCase(Locale.ROOT));
    Path ensemble = member(runs);
    int series = PreprocessBenchmark.seriesFolders(data.resolve("train_images")).size();
    int patients = settings.patients();

    Map<Path, String> specs = inferencePaths();
    progress.println("bench: one untimed preprocess run to start and warm the embedded Flink");
    preprocess(data, 2, "warm");
    List<Row> rows = new ArrayList<>();
    for (int parallelism : new int[] {1, 2}) {
      double[] reference = new double[settings.repeats()];
      long referencePeak = 0;
      Map<Path, double[]> scoring = new LinkedHashMap<>();
      Map<Path, List<Map<String, Double>>> stages = new LinkedHashMap<>();
      Map<Path, Long> scoringPeak = new LinkedHashMap<>();
      for (Path spec : specs.keySet()) {
        scoring.put(spec, new double[settings.repeats()]);
        stages.put(spec, new ArrayList<>());
        scoringPeak.put(spec, 0L);
      }
      for (int i = 0; i < settings.repeats(); i++) {
        progress.println("bench: parallelism " + parallelism + ", repeat " + (i + 1) + " of " + settings.repeats());
        PeakMemory.reset();
        reference[i] = preprocess(data, parallelism, "p" + parallelism + "-" + i);
        referencePeak = Math.max(referencePeak, PeakMemory.residentBytes().orElse(0));
        int path = 0;
        for (Path spec : specs.keySet()) {
          PeakMemory.reset();
          long start = System.nanoTime();
          PipelineResult result = score(data, segmentation, runs, ensemble, spec, parallelism,
              work.resolve("score-p" + parallelism + "-" + i + "-" + path++));
          scoring.get(spec)[i] = (System.nanoTime() - start) / 1e9;
          scoringPeak.merge(spec, PeakMemory.residentBytes().orElse(0), Math::max);
          stages.get(spec).add(stageSeconds(result, series));
        }
      }
      double referenceMedian = SequenceModelBenchmark.median(reference);
      rows.add(new Row("preprocess without segmentation (reference)", parallelism, series, patients, referenceMedian,
          Map.of(), referencePeak / 1e6, 1.0));
      for (Map.Entry<Path, String> spec : specs.entrySet()) {
        double scoringMedian = SequenceModelBenchmark.median(scoring.get(spec.getKey()));
        rows.add(new Row("score, " + memberName() + " member, " + size + " segmentation, " + spec.getValue(), parallelism, series, patients,
            scoringMedian, medianStages(stages.get(spec.getKey())), scoringPeak.get(spec.getKey()) / 1e6, scoringMedian / referenceMedian));
      }
    }
    return rows;
  }

  /**
   * The two inference paths, each as a spec: the built-in one, and the path scoring took before
   * issue 19 (one window per forward pass, all its triplets in one encoder pass, one chunk per
   * segmentation pass), the built-in spec with {@code encoder_triplets} at a window's 32.
   */
  private Map<Path, String> inferencePaths() throws IOException, InvalidSpecException {
    String builtIn;
    try (var in = PreprocessSpec.class.getResourceAsStream(PreprocessSpec.BUILT_IN)) {
      builtIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher triplets = Pattern.compile("(?m)^  encoder_triplets: \\d+\\n").matcher(builtIn);
    if (!triplets.find() || !builtIn.contains("batch_windows: 1\n") || !builtIn.contains("batch_chunks: 1\n")) {
      throw new IllegalStateException("the built-in spec no longer says 'encoder_triplets', 'batch_windows: 1' and 'batch_chunks: 1'");
    }
    Map<Path, String> specs = new LinkedHashMap<>();
    Path current = Files.writeString(work.resolve("preprocess-built-in.yaml"), builtIn);
    specs.put(current, "built-in spec (" + PreprocessSpecFile.given(current.toString()).spec().sequences().inferenceBatch() + ")");
    specs.put(Files.writeString(work.resolve("preprocess-before.yaml"), triplets.replaceFirst("  encoder_triplets: " + SequenceSample.STEPS + "\n")),
        "one whole window per forward (the path before, " + InferenceBatch.wholeWindows(1) + ")");
    return specs;
  }

  /** The Markdown tables: throughput with the ratio to the reference, then the split by stage. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| configuration | Flink parallelism | series | patients | median s | series/h | patients/h | peak RSS MB | ratio to reference |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.1f | %.1f | %s | %.2fx |%n", r.name(), r.parallelism(), r.series(),
          r.patients(), r.medianSeconds(), r.seriesPerHour(), r.patientsPerHour(),
          r.peakResidentMb() > 0 ? String.format(Locale.ROOT, "%.0f", r.peakResidentMb()) : "-", r.ratio()));
    }
    out.append("\nSeconds per series in each stage (worker time, summed over the parallel workers; median of the repeats):\n\n");
    out.append("| Flink parallelism |");
    STAGES.keySet().forEach(stage -> out.append(' ').append(stage).append(" |"));
    out.append(" all stages | wall per series x parallelism |\n|---:|");
    STAGES.keySet().forEach(stage -> out.append("---:|"));
    out.append("---:|---:|\n");
    for (Row r : rows) {
      if (r.stageSeconds().isEmpty()) {
        continue;
      }
      out.append("| ").append(r.parallelism()).append(" |");
      double all = 0;
      for (String stage : STAGES.keySet()) {
        double seconds = r.stageSeconds().get(stage);
        all += seconds;
        out.append(String.format(Locale.ROOT, " %.2f |", seconds));
      }
      out.append(String.format(Locale.ROOT, " %.2f | %.2f |%n", all, r.medianSeconds() / r.series() * r.parallelism()));
    }
    return out.toString();
  }

  private String memberName() {
    return settings.encoder() + (settings.size() == MemberSize.METHOD ? " + GRU at 384 px (method size)" : " + GRU at 384 px (tiny preset)");
  }

  private Path segmentationModel(Path model) throws IOException {
    if (!Files.exists(model.resolve(SegmentationCheckpoint.MANIFEST))) {
      // The built-in preprocessing makes 128 x 128 stage-1 input, which both presets take.
      SegmentationConfig config = settings.size() == MemberSize.METHOD ? SegmentationConfig.method() : SegmentationConfig.tiny().withInputSize(128);
      try (SegmentationModel network = SegmentationModel.create(config, 1)) {
        SegmentationCheckpoint.save(model, network);
      }
    }
    return model;
  }

  /**
   * One untrained run laid out as {@code traumaflow train} leaves it, and the ensemble spec that
   * pins its parameters; the window size is the built-in preprocessing's 384.
   */
  private Path member(Path runs) throws IOException {
    String runPath = MEMBER + "/all-seed-1";
    ObjectStore store = ObjectStore.at(runs.resolve(runPath).toString());
    if (RunFiles.completed(store).isEmpty()) {
      SequenceModelConfig config = settings.size() == MemberSize.METHOD
          ? SequenceModelConfig.method(SequenceTask.ORGANS, settings.encoder())
          : SequenceModelConfig.tiny(SequenceTask.ORGANS, settings.encoder()).withInputSize(384);
      RunFiles files = new RunFiles(store);
      files.open();
      try (SequenceModel model = SequenceModel.create(config, 1)) {
        SequenceCheckpoint.save(runs.resolve(runPath).resolve(RunFiles.CHECKPOINT), model);
      }
      for (String key : store.child(RunFiles.CHECKPOINT).list("")) {
        files.add(RunFiles.CHECKPOINT + "/" + key);
      }
      RunRecord record = new RunRecord(runPath, MEMBER, TrainingRun.ALL_PATIENTS, 1, "organs", VARIANT, store.uri(""), List.of(),
          0, 0, Double.NaN, Double.NaN, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
      files.write(RunFiles.RUN, out -> out.write(record.toJson()));
      files.commit();
    }
    String sha256 = Sha256.hex(Files.readAllBytes(runs.resolve(runPath).resolve(RunFiles.CHECKPOINT).resolve(SequenceCheckpoint.PARAMETERS)));
    String yaml = "members:\n  - name: " + MEMBER + "\n    model: " + MEMBER + "\n    variant: " + VARIANT
        + "\n    weight: 1.0\n    runs:\n      - {path: " + runPath + ", sha256: \"" + sha256 + "\"}\n";
    return Files.writeString(runs.resolve("ensemble.yaml"), yaml, StandardCharsets.UTF_8);
  }

  private PipelineResult score(Path data, Path segmentation, Path runs, Path ensemble, Path spec, int parallelism, Path out)
      throws IOException, InvalidSpecException {
    String[] args = {"--input=" + data, "--output=" + out, "--splits=train", "--rescore", "--segmentationModel=" + segmentation,
        "--ensemble=" + ensemble, "--runs=" + runs, "--spec=" + spec, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=" + parallelism};
    PipelineResult result = ScorePipeline.run(PipelineOptionsFactory.fromArgs(args).withValidation().as(ScoreOptions.class), progress::println);
    requireDone("score", result.waitUntilFinish());
    long scored = Files.readAllLines(out.resolve(ScorePipeline.PREDICTIONS)).stream().filter(l -> !l.isBlank()).count();
    if (scored != settings.patients() || Files.size(out.resolve(ScorePipeline.DEAD_LETTERS)) > 0) {
      throw new IllegalStateException("score predicted " + scored + " of " + settings.patients() + " patients; dead letters in " + out);
    }
    return result;
  }

  private double preprocess(Path data, int parallelism, String name) throws IOException, InvalidSpecException {
    Path out = work.resolve("preprocess-" + name);
    String[] args = {"--input=" + data, "--output=" + out, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=" + parallelism};
    long start = System.nanoTime();
    requireDone("preprocess", PreprocessPipeline.run(PipelineOptionsFactory.fromArgs(args).withValidation().as(PreprocessOptions.class))
        .waitUntilFinish());
    double seconds = (System.nanoTime() - start) / 1e9;
    // Its volumes are about 200 MB a series; only the time is wanted.
    LocalTree.delete(out);
    return seconds;
  }

  private static void requireDone(String what, PipelineResult.State state) {
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(what + " ended " + state);
    }
  }

  /** Per stage, the seconds its steps' distributions add up to, per series. */
  private static Map<String, Double> stageSeconds(PipelineResult result, int series) {
    Map<String, Long> millis = new TreeMap<>();
    for (MetricResult<DistributionResult> step : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(StepTime.NAMESPACE)).build()).getDistributions()) {
      millis.merge(step.getName().getName(), step.getAttempted().getSum(), Long::sum);
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    STAGES.forEach((stage, steps) -> stages.put(stage, steps.stream().mapToLong(s -> millis.getOrDefault(s, 0L)).sum() / 1e3 / series));
    return stages;
  }

  private static Map<String, Double> medianStages(List<Map<String, Double>> runs) {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String stage : STAGES.keySet()) {
      medians.put(stage, SequenceModelBenchmark.median(runs.stream().mapToDouble(r -> r.get(stage)).toArray()));
    }
    return medians;
  }

  private static Map<String, List<String>> stages() {
    Map<String, List<String>> stages = new LinkedHashMap<>();
    stages.put("discover", List.of(StepTime.DISCOVER));
    stages.put("read + preprocess", List.of(StepTime.READ));
    stages.put("segment", List.of(StepTime.SEGMENT));
    stages.put("make volumes", List.of(StepTime.MAKE_VOLUMES));
    stages.put("ensemble", List.of(StepTime.ENSEMBLE));
    stages.put("blend + sinks", List.of(StepTime.MONTAGE, StepTime.LEDGER, StepTime.BLEND, StepTime.SUBMISSION));
    return java.util.Collections.unmodifiableMap(stages);
  }
}
