package org.traumaflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.storage.Sha256;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;

/**
 * Throughput of {@code preprocess} on 512 x 512 RLE series of about 300 slices: series per
 * minute on embedded Flink with parallelism 1 and 2, without and with the method-sized
 * segmentation model; the CPU time of decode + windows + stage-1 input for one series outside
 * any runner, against the same steps in Python (pydicom, numpy, OpenCV) in the same run; and
 * the live heap one series in flight takes against its int16 volume ({@link LiveHeap}), for the
 * pipeline's slice-by-slice read and, as the reference in the same run, for decoding the HU
 * volume first and preparing from it.
 */
public final class PreprocessBenchmark {
  /** How big the run is. */
  public record Settings(int patients, int maxSlices, int repeats) {}

  /** One measured configuration. */
  public record Row(String name, int series, double medianSeconds, double seriesPerMinute, double heapPerSeriesMb, double volumeMb) {}

  /**
   * Decode + windows + stage-1 input of one series, ours against the Python reference.
   *
   * @param oursSeconds the reading thread's CPU seconds, median of the repeats
   * @param referenceSeconds the Python process's CPU seconds, median of the repeats
   * @param differences where the reference's result is not ours; empty when they agree
   */
  public record CpuComparison(int slices, double oursSeconds, double referenceSeconds, List<String> differences) {}

  /** The goal for decoding, windowing and the stage-1 input of a 300-slice series. */
  private static final double GOAL_CPU_SECONDS = 2;
  private static final int GOAL_SLICES = 300;
  /** The stage-1 sums may differ by float rounding: the two resizes add in different orders. */
  private static final double STAGE1_SUM_TOLERANCE = 1e-5;

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public PreprocessBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  /** Series per minute of whole runs. */
  public List<Row> throughput() throws IOException, DicomException, InvalidSpecException {
    Path data = dataset();
    Path model = work.resolve("seg-method-untrained");
    if (!Files.exists(model.resolve(SegmentationCheckpoint.MANIFEST))) {
      // Timing needs the method's network, not trained weights: the forward costs the same.
      try (SegmentationModel network = SegmentationModel.create(SegmentationConfig.method(), 1)) {
        SegmentationCheckpoint.save(model, network);
      }
    }
    List<Path> seriesFolders = seriesFolders(data.resolve("train_images"));
    List<Row> rows = new ArrayList<>();
    progress.println("bench: one untimed pipeline run to start and warm the embedded Flink");
    pipeline(data, null, 2, seriesFolders.size(), 1);
    for (boolean segment : new boolean[] {false, true}) {
      for (int parallelism : new int[] {1, 2}) {
        rows.add(pipeline(data, segment ? model : null, parallelism, seriesFolders.size(), settings.repeats()));
      }
    }
    return rows;
  }

  /**
   * The live heap of one series in flight against its int16 volume (rows x columns x slices x 2
   * bytes) for the largest series: read slice by slice as the pipeline does, the reference (HU
   * volume first) in the same run, and a whole pipeline run with one series in flight.
   */
  public List<Row> memory() throws IOException, DicomException, InvalidSpecException {
    Path data = dataset();
    List<Path> files = files(largest(seriesFolders(data.resolve("train_images"))));
    double volumeMb = int16Megabytes(files);
    return List.of(domainMemory(files, volumeMb, false), domainMemory(files, volumeMb, true), pipelineMemory(data, volumeMb));
  }

  private Path dataset() throws IOException {
    Path data = work.resolve("data-512");
    if (!Files.exists(data.resolve("MANIFEST.json"))) {
      progress.println("bench: writing " + settings.patients() + " synthetic patients at 512 x 512, up to " + settings.maxSlices() + " slices");
      SyntheticDataset.generate(SynthConfig.defaults(data, settings.patients()).withTestPatients(0)
          .withMaxSlices(settings.maxSlices()).withSeed(3), SyntheticDataset.Progress.NONE);
    }
    return data;
  }

  /** Rows x columns x slices x 2 bytes, in MB; the series is read here so that it is garbage before any measurement. */
  private static double int16Megabytes(List<Path> files) throws DicomException {
    CtSeries series = SeriesReader.read(files);
    return (double) series.rows() * series.columns() * series.slices() * 2 / 1e6;
  }

  /** The folder of the series with the most voxels. */
  private static Path largest(List<Path> seriesFolders) throws IOException, DicomException {
    Path largest = null;
    long largestVoxels = 0;
    for (Path folder : seriesFolders) {
      long voxels = SeriesReader.read(files(folder)).hu().length;
      if (voxels > largestVoxels) {
        largestVoxels = voxels;
        largest = folder;
      }
    }
    return largest;
  }

  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| configuration | series | median s | series/min | live heap per series in flight, MB | int16 volume, MB | ratio |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format("| %s | %d | %s | %s | %s | %s | %s |%n", r.name(), r.series(),
          Double.isNaN(r.medianSeconds()) ? "-" : String.format("%.2f", r.medianSeconds()),
          Double.isNaN(r.seriesPerMinute()) ? "-" : String.format("%.1f", r.seriesPerMinute()),
          Double.isNaN(r.heapPerSeriesMb()) ? "-" : String.format("%.0f", r.heapPerSeriesMb()),
          Double.isNaN(r.volumeMb()) ? "-" : String.format("%.0f", r.volumeMb()),
          Double.isNaN(r.heapPerSeriesMb()) ? "-" : String.format("%.2fx", r.heapPerSeriesMb() / r.volumeMb())));
    }
    return out.toString();
  }

  /**
   * CPU seconds to read the largest series and make both windows and the stage-1 input as the
   * pipeline's read step does (this thread; 2 warm-ups, then the median of the repeats), and the
   * same steps in Python in the same run, whose result must be ours.
   */
  public CpuComparison cpu() throws IOException, DicomException, InterruptedException {
    Path folder = largest(seriesFolders(dataset().resolve("train_images")));
    List<Path> files = files(folder);
    progress.println("bench: timing decode + windows + stage-1 input of " + folder + " (CPU time)");
    Preprocessing.Settings prep = PreprocessSpec.builtIn().preprocessing();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] seconds = new double[settings.repeats() + 2];
    PreparedSeries prepared = null;
    for (int i = 0; i < seconds.length; i++) {
      long start = threads.getCurrentThreadCpuTime();
      prepared = prepareSliceBySlice(files, prep);
      seconds[i] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
    }
    progress.println("bench: timing the Python reference (pydicom, numpy, OpenCV) on the same series");
    JsonNode reference = new ObjectMapper().readTree(ReferenceScript.run(work, "reference_preprocess.py",
        "python3-pydicom python3-numpy python3-opencv", folder.toString(), Integer.toString(settings.repeats())));
    return new CpuComparison(prepared.geometry().slices(), SequenceModelBenchmark.median(Arrays.copyOfRange(seconds, 2, seconds.length)),
        reference.get("median_seconds").asDouble(), differences(prepared, reference));
  }

  /** Where the reference's volumes are not ours: a ratio between two different computations would mean nothing. */
  private static List<String> differences(PreparedSeries ours, JsonNode reference) {
    List<String> differences = new ArrayList<>();
    if (reference.get("slices").asInt() != ours.geometry().slices()) {
      differences.add("slices: ours " + ours.geometry().slices() + ", reference " + reference.get("slices").asInt());
    }
    for (WindowedVolume volume : ours.volumes()) {
      String theirs = reference.get(volume.variant() + "_sha256").asText();
      if (!Sha256.hex(volume.voxels()).equals(theirs)) {
        differences.add("\"" + volume.variant() + "\" volume: ours SHA-256 " + Sha256.hex(volume.voxels()) + ", reference " + theirs);
      }
    }
    double sum = 0;
    for (float voxel : ours.stage1().voxels()) {
      sum += voxel;
    }
    double theirs = reference.get("stage1_sum").asDouble();
    if (!(Math.abs(sum - theirs) <= STAGE1_SUM_TOLERANCE * Math.max(1, Math.abs(theirs)))) {
      differences.add("stage-1 input: ours sums to " + sum + ", reference to " + theirs);
    }
    return differences;
  }

  public static String cpuTable(CpuComparison result) {
    boolean same = result.differences().isEmpty();
    StringBuilder out = new StringBuilder();
    out.append("| case | slices | ours CPU s (median) | reference CPU s (median) | reference / ours |\n");
    out.append("|---|---:|---:|---:|---:|\n");
    out.append(String.format(Locale.ROOT, "| decode + ours/theo windows + stage-1 input, one series | %d | %.3f | %.3f | %s |%n",
        result.slices(), result.oursSeconds(), result.referenceSeconds(),
        same ? String.format(Locale.ROOT, "%.2fx", result.referenceSeconds() / result.oursSeconds()) : "RESULTS DIFFER"));
    out.append(String.format(Locale.ROOT, "%nOurs: the reading thread's CPU time of the pipeline's read step (SeriesReader.readTolerant + "
        + "Preprocessing.prepare, the built-in spec's settings). Reference: pydicom's own RLE handler, numpy and OpenCV, "
        + "single-threaded, the process's CPU time.%n"));
    if (same) {
      out.append(String.format("%nSame result: the reference's \"ours\" and \"theo\" volumes are byte for byte ours, "
          + "its stage-1 input sums to ours within %.0e.%n", STAGE1_SUM_TOLERANCE));
    } else {
      out.append(String.format("%n**THE REFERENCE'S RESULT IS NOT OURS: no ratio is reported.**%n"));
      result.differences().forEach(d -> out.append("- ").append(d).append(System.lineSeparator()));
    }
    String verdict = result.slices() < GOAL_SLICES
        ? "not judged: this series has " + result.slices() + " slices"
        : result.oursSeconds() < GOAL_CPU_SECONDS ? "met" : "NOT met";
    out.append(String.format(Locale.ROOT, "%nGoal: decoding + windowing + the stage-1 input of a %d-slice series under %.0f s of CPU: %s (ours %.2f s).%n",
        GOAL_SLICES, GOAL_CPU_SECONDS, verdict, result.oursSeconds()));
    return out.toString();
  }

  /**
   * The live heap one series takes from its first decoded slice until its prepared volumes are
   * handed on (held to the end, as the next step holds them): slice by slice as the pipeline
   * reads, or ({@code huVolumeFirst}, the reference) the whole HU volume decoded first and kept
   * while the volumes are made from it, as the pipeline did when reading and preprocessing were
   * two steps. Median over the repeats.
   */
  private Row domainMemory(List<Path> files, double volumeMb, boolean huVolumeFirst) throws DicomException {
    String name = huVolumeFirst
        ? "reference: HU volume decoded, then windows + stage-1 input made from it, one series, live heap (no runner)"
        : "decode + windows + stage-1 input slice by slice (the pipeline's read), one series, live heap (no runner)";
    progress.println("bench: " + name);
    Preprocessing.Settings prep = PreprocessSpec.builtIn().preprocessing();
    double[] megabytes = new double[settings.repeats()];
    for (int i = 0; i < megabytes.length; i++) {
      long before = LiveHeap.now();
      try (LiveHeap sampler = LiveHeap.start(10)) {
        Object held;
        if (huVolumeFirst) {
          CtSeries series = SeriesReader.read(files);
          held = List.of(series, Preprocessing.prepare(series, prep));
        } else {
          held = prepareSliceBySlice(files, prep);
        }
        megabytes[i] = (sampler.maximum() - before) / 1e6;
        Reference.reachabilityFence(held);
      }
    }
    return reported(new Row(name, 1, Double.NaN, Double.NaN, SequenceModelBenchmark.median(megabytes), volumeMb));
  }

  /**
   * The live heap of a whole {@code preprocess} run without segmentation on embedded Flink with
   * parallelism 1 (one series in flight), less what the JVM held before; Flink's own heap counts
   * too, so it bounds the series' share from above. Not timed: the sampler's collections slow it.
   */
  private Row pipelineMemory(Path data, double volumeMb) throws InvalidSpecException {
    String name = "preprocess without segmentation, Flink parallelism 1, live heap over the run (not timed)";
    progress.println("bench: " + name);
    Path out = work.resolve("out-live-heap");
    long before = LiveHeap.now();
    double megabytes;
    try (LiveHeap sampler = LiveHeap.start(100)) {
      PipelineResult.State state = PreprocessPipeline.run(PipelineOptionsFactory.fromArgs("--input=" + data, "--output=" + out,
          "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1").withValidation().as(PreprocessOptions.class)).waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException(name + " ended " + state);
      }
      megabytes = (sampler.maximum() - before) / 1e6;
    }
    return reported(new Row(name, 1, Double.NaN, Double.NaN, megabytes, volumeMb));
  }

  /** Prints a memory row's figure as soon as it is measured (the pipeline row that follows takes long). */
  private Row reported(Row row) {
    progress.printf("bench: %.0f MB live, %.2fx the %.0f MB int16 volume%n", row.heapPerSeriesMb(), row.heapPerSeriesMb() / row.volumeMb(), row.volumeMb());
    return row;
  }

  /** The benchmark measures memory, not the selection rules: its synthetic series is read whatever they say. */
  private static final SeriesSelection ANY_SERIES = new SeriesSelection(List.of("CT"), List.of(), 90, 1, List.of(0.05, 20.0), 32);

  private static PreparedSeries prepareSliceBySlice(List<Path> files, Preprocessing.Settings prep) throws DicomException {
    return SeriesReader.readTolerant(files.get(0).getParent().toString(), files.stream().map(DicomSource::of).toList(), ANY_SERIES,
        layout -> Preprocessing.prepare(layout, prep)).series();
  }

  /** Seconds of whole runs, median over {@code repeats}. */
  private Row pipeline(Path data, Path model, int parallelism, int series, int repeats) throws InvalidSpecException, IOException {
    String name = "preprocess " + (model == null ? "without" : "with") + " segmentation, Flink parallelism " + parallelism;
    progress.println("bench: " + name);
    double[] seconds = new double[repeats];
    for (int i = 0; i < seconds.length; i++) {
      Path out = work.resolve("out-" + (model == null ? "plain" : "seg") + "-p" + parallelism + "-" + i);
      List<String> args = new ArrayList<>(List.of("--input=" + data, "--output=" + out, "--runner=FlinkRunner",
          "--flinkMaster=[local]", "--parallelism=" + parallelism));
      if (model != null) {
        args.add("--segmentationModel=" + model);
      }
      long start = System.nanoTime();
      PipelineResult.State state = PreprocessPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
          .withValidation().as(PreprocessOptions.class)).waitUntilFinish();
      seconds[i] = (System.nanoTime() - start) / 1e9;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException(name + " ended " + state);
      }
      // A run writes about a gigabyte per 8 patients; kept, the repeats filled a machine's disk.
      LocalTree.delete(out);
    }
    double median = SequenceModelBenchmark.median(seconds);
    return new Row(name, series, median, series / median * 60, Double.NaN, Double.NaN);
  }

  /** The {@code patient/series} folders under a split's images folder, in path order. */
  static List<Path> seriesFolders(Path images) throws IOException {
    try (Stream<Path> walk = Files.walk(images, 2)) {
      return walk.filter(p -> images.relativize(p).getNameCount() == 2).sorted().toList();
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.sorted().toList();
    }
  }
}
