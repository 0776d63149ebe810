package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomException;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.pipeline.PreprocessOptions;
import org.traumaflow.pipeline.PreprocessPipeline;
import org.traumaflow.pipeline.InvalidSpecException;
import org.traumaflow.pipeline.PreprocessSpec;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;
import org.traumaflow.volume.Preprocessing;

/**
 * Throughput of {@code preprocess} on 512 x 512 RLE series of about 300 slices: series per
 * minute on embedded Flink with parallelism 1 and 2, without and with the method-sized
 * segmentation model, the heap each series in flight takes against its int16 volume, and the
 * CPU time of decode + windows + stage-1 input for one series outside any runner.
 */
public final class PreprocessBenchmark {
  /** How big the run is. */
  public record Settings(int patients, int maxSlices, int repeats) {}

  /** One measured configuration. */
  public record Row(String name, int series, double medianSeconds, double seriesPerMinute, double heapPerSeriesMb, double volumeMb) {}

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public PreprocessBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  public List<Row> run() throws IOException, DicomException, InvalidSpecException {
    Path data = work.resolve("data-512");
    if (!Files.exists(data.resolve("MANIFEST.json"))) {
      progress.println("bench: writing " + settings.patients() + " synthetic patients at 512 x 512, up to " + settings.maxSlices() + " slices");
      SyntheticDataset.generate(SynthConfig.defaults(data, settings.patients()).withTestPatients(0)
          .withMaxSlices(settings.maxSlices()).withSeed(3), SyntheticDataset.Progress.NONE);
    }
    Path model = work.resolve("seg-method-untrained");
    if (!Files.exists(model.resolve(SegmentationCheckpoint.MANIFEST))) {
      // Timing needs the method's network, not trained weights: the forward costs the same.
      try (SegmentationModel network = SegmentationModel.create(SegmentationConfig.method(), 1)) {
        SegmentationCheckpoint.save(model, network);
      }
    }
    List<Path> seriesFolders = seriesFolders(data.resolve("train_images"));
    CtSeries largest = null;
    for (Path folder : seriesFolders) {
      CtSeries s = SeriesReader.read(files(folder));
      if (largest == null || s.slices() > largest.slices()) {
        largest = s;
      }
    }
    double volumeMb = largest.hu().length * 2 / 1e6;
    List<Row> rows = new ArrayList<>();
    rows.add(domainCpu(seriesFolders, largest.seriesInstanceUid()));
    progress.println("bench: one untimed pipeline run to start and warm the embedded Flink");
    pipeline(data, null, 2, seriesFolders.size(), volumeMb, 1);
    for (boolean segment : new boolean[] {false, true}) {
      for (int parallelism : new int[] {1, 2}) {
        rows.add(pipeline(data, segment ? model : null, parallelism, seriesFolders.size(), volumeMb, settings.repeats()));
      }
    }
    return rows;
  }

  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| configuration | series | median s | series/min | peak heap per series in flight, MB | int16 volume, MB | ratio |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format("| %s | %d | %.2f | %s | %s | %s | %s |%n", r.name(), r.series(), r.medianSeconds(),
          Double.isNaN(r.seriesPerMinute()) ? "-" : String.format("%.1f", r.seriesPerMinute()),
          Double.isNaN(r.heapPerSeriesMb()) ? "-" : String.format("%.0f", r.heapPerSeriesMb()),
          Double.isNaN(r.volumeMb()) ? "-" : String.format("%.0f", r.volumeMb()),
          Double.isNaN(r.heapPerSeriesMb()) ? "-" : String.format("%.2fx", r.heapPerSeriesMb() / r.volumeMb())));
    }
    return out.toString();
  }

  /** CPU seconds (this thread) to read the largest series and make both windows and the stage-1 input. */
  private Row domainCpu(List<Path> folders, String uid) throws IOException, DicomException {
    progress.println("bench: timing decode + windows + stage-1 input of one series (CPU time)");
    Path folder = null;
    for (Path f : folders) {
      if (SeriesReader.read(files(f).subList(0, 1)).seriesInstanceUid().equals(uid)) {
        folder = f;
      }
    }
    List<Path> files = files(folder);
    Preprocessing.Settings prep = PreprocessSpec.builtIn().preprocessing();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] seconds = new double[settings.repeats() + 2];
    int slices = 0;
    for (int i = 0; i < seconds.length; i++) {
      long start = threads.getCurrentThreadCpuTime();
      CtSeries series = SeriesReader.read(files);
      Preprocessing.prepare(series, prep);
      seconds[i] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      slices = series.slices();
    }
    double[] timed = Arrays.copyOfRange(seconds, 2, seconds.length);
    Arrays.sort(timed);
    return new Row("decode + ours/theo windows + stage-1 input, one " + slices + "-slice series, CPU s (no runner)",
        1, timed[timed.length / 2], Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * The heap figure is the JVM's own peak of the old generation over the run, less what it held
   * before, divided by the series in flight (the parallelism). Volumes are large arrays, which G1
   * allocates there directly; garbage not yet collected counts too, so it is an upper bound.
   */
  private Row pipeline(Path data, Path model, int parallelism, int series, double volumeMb, int repeats)
      throws InvalidSpecException {
    String name = "preprocess " + (model == null ? "without" : "with") + " segmentation, Flink parallelism " + parallelism;
    progress.println("bench: " + name);
    double[] seconds = new double[repeats];
    long peakIncrease = 0;
    for (int i = 0; i < seconds.length; i++) {
      Path out = work.resolve("out-" + (model == null ? "plain" : "seg") + "-p" + parallelism + "-" + i);
      List<String> args = new ArrayList<>(List.of("--input=" + data, "--output=" + out, "--runner=FlinkRunner",
          "--flinkMaster=[local]", "--parallelism=" + parallelism));
      if (model != null) {
        args.add("--segmentationModel=" + model);
      }
      System.gc();
      MemoryPoolMXBean oldGeneration = oldGeneration();
      long baseline = oldGeneration.getUsage().getUsed();
      oldGeneration.resetPeakUsage();
      long start = System.nanoTime();
      PipelineResult.State state = PreprocessPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
          .withValidation().as(PreprocessOptions.class)).waitUntilFinish();
      seconds[i] = (System.nanoTime() - start) / 1e9;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException(name + " ended " + state);
      }
      peakIncrease = Math.max(peakIncrease, oldGeneration.getPeakUsage().getUsed() - baseline);
    }
    Arrays.sort(seconds);
    double median = seconds[seconds.length / 2];
    return new Row(name, series, median, series / median * 60, peakIncrease / 1e6 / parallelism, volumeMb);
  }

  private static MemoryPoolMXBean oldGeneration() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old Gen") || pool.getName().contains("Tenured")))
        .findFirst().orElseThrow(() -> new IllegalStateException("no old-generation heap pool (run with G1 or Parallel GC)"));
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
