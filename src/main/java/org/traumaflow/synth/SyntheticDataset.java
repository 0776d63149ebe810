package org.traumaflow.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.traumaflow.dicom.CtSliceWriter;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.storage.AtomicFiles;


/**
 * Generates a synthetic dataset in the RSNA 2023 Abdominal Trauma Detection layout: the
 * competition's folders, DICOM series, segmentation masks and CSV files, plus MANIFEST.json.
 *
 * <pre>{@code
 * SynthSummary summary = SyntheticDataset.generate(
 *     SynthConfig.defaults(Path.of("data/synth"), 20).withSize(256), SyntheticDataset.Progress.NONE);
 * }</pre>
 *
 * <p>Everything is decided up front from the seed ({@link DatasetPlanner}); patients are then
 * rendered in parallel, each from its own plan, and the CSV files are written last, sorted, from
 * the collected results. The same configuration therefore gives byte-identical files on any
 * number of threads. MANIFEST.json is written last of all: a dataset without it is incomplete.
 */
public final class SyntheticDataset {
  /** Slices in the preview montage and its layout. */
  private static final int PREVIEW_SLICES = 8;
  private static final int PREVIEW_PER_ROW = 4;
  private static final int PREVIEW_TILE = 256;

  /** Hears about finished patients; called from worker threads, one call at a time. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total, patient) -> {};

    void patientWritten(int done, int total, PatientResult patient);
  }

  /**
   * A patient once written.
   *
   * @param patientId patient_id
   * @param train whether in train_images
   * @param labels the patient's labels
   * @param series its series
   */
  public record PatientResult(int patientId, boolean train, PatientLabels labels, List<SeriesResult> series) {
    public int slices() {
      return series.stream().mapToInt(SeriesResult::slices).sum();
    }
  }

  private SyntheticDataset() {}

  /**
   * Writes the dataset described by {@code config}.
   *
   * @throws IOException when the output directory exists and is not empty, or writing fails
   */
  public static SynthSummary generate(SynthConfig config, Progress progress) throws IOException {
    return generate(config, progress, () -> new CtSliceWriter(config.syntax().transferSyntax())::write);
  }

  static SynthSummary generate(SynthConfig config, Progress progress, Supplier<SliceFileWriter> writers) throws IOException {
    Path root = config.out();
    requireEmpty(root);
    Files.createDirectories(root);
    CompetitionLayout layout = new CompetitionLayout(root);
    List<PatientPlan> plans = DatasetPlanner.plan(config);
    Files.createDirectories(layout.images(true));
    Files.createDirectories(layout.images(false));
    if (plans.stream().anyMatch(p -> p.series().stream().anyMatch(SeriesPlan::segmentation))) {
      Files.createDirectories(layout.segmentations());
    }

    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), runnable -> {
      Thread t = new Thread(runnable, "synth-worker");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    Object progressLock = new Object();
    List<Future<PatientResult>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < plans.size(); i++) {
        PatientPlan plan = plans.get(i);
        boolean preview = i == 0 && config.preview() != null;
        futures.add(pool.submit(() -> {
          PatientResult result = writePatient(config, layout, plan, writers.get(), preview);
          synchronized (progressLock) {
            progress.patientWritten(done.incrementAndGet(), plans.size(), result);
          }
          return result;
        }));
      }
      List<PatientResult> results = new ArrayList<>();
      for (Future<PatientResult> f : futures) {
        results.add(await(f));
      }
      return writeTables(config, layout, plans, results);
    } finally {
      pool.shutdownNow();
    }
  }

  private static PatientResult writePatient(SynthConfig config, CompetitionLayout layout, PatientPlan plan, SliceFileWriter files, boolean preview) throws IOException {
    AbdomenModel model = AbdomenModel.sample(plan.seed(), plan.labels());
    SeriesWriter writer = new SeriesWriter(layout, files, config.size(), config.maxSlices());
    List<SeriesResult> series = new ArrayList<>();
    for (int s = 0; s < plan.series().size(); s++) {
      SeriesPlan seriesPlan = plan.series().get(s);
      SliceMontage montage = null;
      if (preview && s == 0) {
        Acquisition a = writer.design(plan, seriesPlan, model).acquisition();
        montage = new SliceMontage(a.slices(), a.rows(), a.columns(), PREVIEW_SLICES);
      }
      series.add(writer.write(plan, seriesPlan, model, montage));
      if (montage != null) {
        montage.write(config.preview(), PREVIEW_PER_ROW, PREVIEW_TILE);
      }
    }
    return new PatientResult(plan.patientId(), plan.train(), plan.labels(), List.copyOf(series));
  }

  private static SynthSummary writeTables(SynthConfig config, CompetitionLayout layout, List<PatientPlan> plans, List<PatientResult> results) throws IOException {
    List<SeriesResult> series = results.stream().flatMap(r -> r.series().stream()).toList();
    AtomicFiles.write(layout.file(CompetitionLayout.TRAIN_CSV), CsvTables.train(plans).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(layout.file(CompetitionLayout.TRAIN_SERIES_META_CSV), CsvTables.seriesMeta(series, true).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(layout.file(CompetitionLayout.TEST_SERIES_META_CSV), CsvTables.seriesMeta(series, false).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(layout.file(CompetitionLayout.IMAGE_LEVEL_LABELS_CSV), CsvTables.imageLevelLabels(series).getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(layout.file(CompetitionLayout.SAMPLE_SUBMISSION_CSV), CsvTables.sampleSubmission(plans).getBytes(StandardCharsets.UTF_8));
    Manifest.Counts counts = new Manifest.Counts(
        (int) series.stream().filter(SeriesResult::train).count(),
        (int) series.stream().filter(r -> !r.train()).count(),
        series.stream().mapToLong(SeriesResult::slices).sum(),
        (int) series.stream().filter(SeriesResult::segmentation).count(),
        series.stream().mapToInt(r -> r.imageLabels().size()).sum());
    AtomicFiles.write(layout.file(CompetitionLayout.MANIFEST_JSON), Manifest.of(config, counts).toJson().getBytes(StandardCharsets.UTF_8));
    return new SynthSummary(layout.root(), config.patients(), config.testPatients(), counts);
  }

  /** Refuses to mix a new dataset into existing files. */
  static void requireEmpty(Path root) throws IOException {
    if (Files.exists(root)) {
      if (!Files.isDirectory(root)) {
        throw new java.nio.file.FileAlreadyExistsException(root.toString(), null, "exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(root)) {
        if (entries.findAny().isPresent()) {
          throw new java.nio.file.DirectoryNotEmptyException(root + " (choose a new or empty directory)");
        }
      }
    }
  }

  private static PatientResult await(Future<PatientResult> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while generating");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
