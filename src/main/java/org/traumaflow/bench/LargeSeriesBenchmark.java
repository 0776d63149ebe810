package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.traumaflow.dicom.CtImageHeader;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.CtSliceWriter;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.synth.CompetitionLayout;

/**
 * {@code traumaflow score} on one very long series under a fixed heap: a synthetic test patient
 * (beside one training patient, whose labels give score its fallback prior)
 * whose series are resampled to {@code slices} slices (synth stops at 1,000, real thin-slice
 * scans go past it), scored once per {@code -Xmx}, each time in a fresh JVM whose peak resident
 * set (heap, libtorch and all) is read from {@code /proc}.
 */
public final class LargeSeriesBenchmark {
  /** Slices per series, their size, and the heaps to try, as -Xmx takes them. */
  public record Settings(int slices, int size, List<String> heaps) {
    public Settings {
      if (slices < 2 || size < 64 || heaps.isEmpty()) {
        throw new IllegalArgumentException("need at least 2 slices, 64 px and one heap");
      }
    }
  }

  /** One heap's run. */
  public record Row(String heap, ProcessMemory.Outcome outcome, boolean outOfMemory, boolean scored) {}

  /** The rows and what was scored. */
  public record Result(Settings settings, int series, List<Row> rows) {}

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public LargeSeriesBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  public Result run() throws IOException, DicomException, InterruptedException {
    ScoringSetup setup = ScoringSetup.prepare(work, progress);
    Path data = work.resolve("large-" + settings.size() + "-" + settings.slices());
    List<Path> series = prepare(data);
    List<Row> rows = new ArrayList<>();
    for (String heap : settings.heaps()) {
      Path output = work.resolve("large-score-" + heap);
      LocalTree.delete(output);
      Path log = work.resolve("large-score-" + heap + ".log");
      progress.printf(Locale.ROOT, "bench: scoring %d series of %d slices with -Xmx%s (log %s)%n", series.size(), settings.slices(), heap, log);
      progress.flush();
      Process process = ScoringSetup.command(heap, setup.scoreArguments(data, output)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ProcessMemory.Outcome outcome = ProcessMemory.watch(process, 200, () -> 0);
      String said = Files.readString(log, StandardCharsets.UTF_8);
      rows.add(new Row(heap, outcome, said.contains("OutOfMemoryError"), outcome.exitCode() == 0 && Files.exists(output.resolve("submission.csv"))));
    }
    return new Result(settings, series.size(), rows);
  }

  /** A one-test-patient synthetic dataset whose series have {@code slices} slices each; kept for re-runs. */
  private List<Path> prepare(Path data) throws IOException, DicomException, InterruptedException {
    Path done = data.resolve(".resampled-" + settings.slices());
    if (!Files.exists(done)) {
      LocalTree.delete(data);
      progress.printf(Locale.ROOT, "bench: writing a %d px test patient (and one training patient) to %s%n", settings.size(), data);
      progress.flush();
      int status = ScoringSetup.command("4g", List.of("synth", "--out", data.toString(), "--patients", "1", "--test-patients", "1",
          "--size", Integer.toString(settings.size()), "--max-slices", "1000", "--seed", "1500"))
          .redirectErrorStream(true).redirectOutput(work.resolve("large-synth.log").toFile()).start().waitFor();
      if (status != 0 || !Files.exists(data.resolve(CompetitionLayout.MANIFEST_JSON))) {
        throw new IOException("traumaflow synth failed with status " + status + "; see " + work.resolve("large-synth.log"));
      }
      for (Path folder : seriesFolders(data)) {
        resample(folder);
      }
      Files.createFile(done);
    }
    return seriesFolders(data);
  }

  private static List<Path> seriesFolders(Path data) throws IOException {
    try (Stream<Path> all = Files.walk(data.resolve("test_images"), 2)) {
      return all.filter(p -> data.resolve("test_images").relativize(p).getNameCount() == 2).sorted().toList();
    }
  }

  /**
   * Replaces a series by one of {@code slices} slices over the same coverage, each the nearest
   * original slice: the anatomy stays plausible and the volume has the length under test.
   */
  private void resample(Path folder) throws IOException, DicomException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
    }
    CtSeries source = SeriesReader.read(files);
    SeriesGeometry geometry = source.geometry();
    int n = source.slices();
    int pixels = source.rows() * source.columns();
    double[] normal = geometry.sliceNormal();
    double first = geometry.slicePositions()[0];
    double spacing = (geometry.slicePositions()[n - 1] - first) / (settings.slices() - 1);
    Path resampled = Files.createDirectories(folder.resolveSibling("." + folder.getFileName() + ".resampled"));
    CtSliceWriter writer = new CtSliceWriter(TransferSyntax.RLE_LOSSLESS);
    short[] stored = new short[pixels];
    for (int k = 0; k < settings.slices(); k++) {
      int nearest = (int) Math.round((double) k * (n - 1) / (settings.slices() - 1));
      for (int i = 0; i < pixels; i++) {
        stored[i] = (short) Math.max(0, Math.min(4095, source.hu()[nearest * pixels + i] + 1024));
      }
      double offset = k * spacing;
      double[] position = {
        geometry.firstPosition()[0] + normal[0] * offset, geometry.firstPosition()[1] + normal[1] * offset, geometry.firstPosition()[2] + normal[2] * offset};
      writer.write(resampled.resolve((k + 1) + ".dcm"), new CtImageHeader(source.patientId(), source.studyInstanceUid(), source.seriesInstanceUid(),
          "2.25." + Long.toUnsignedString(source.seriesInstanceUid().hashCode() & 0xffffffffL) + "." + (k + 1), k + 1, position,
          geometry.imageOrientation(), geometry.pixelSpacing(), spacing, source.rows(), source.columns(), 12, 0, -1024, 1, 50, 400, "FFS",
          "resampled to " + settings.slices() + " slices"), stored);
    }
    LocalTree.delete(folder);
    Files.move(resampled, folder);
  }

  /** The Markdown table: one row per heap, and the smallest heap that scored the series. */
  public static String table(Result result) {
    Settings s = result.settings();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%n### One test patient, %d series of %d slices of %d x %d, scored with a fixed heap%n%n", result.series(), s.slices(), s.size(), s.size()));
    out.append("| -Xmx | result | wall s | peak RSS MB (VmHWM) |\n|---|---|---:|---:|\n");
    String smallest = null;
    for (Row row : result.rows()) {
      String outcome = row.scored() ? "scored" : row.outOfMemory() ? "OutOfMemoryError" : "failed, status " + row.outcome().exitCode();
      out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f |%n", row.heap(), outcome, row.outcome().seconds(), row.outcome().peakBytes() / 1e6));
      if (row.scored() && (smallest == null || megabytes(row.heap()) < megabytes(smallest))) {
        smallest = row.heap();
      }
    }
    out.append(String.format(Locale.ROOT, "%nSmallest heap tried that scored it: %s%n", smallest == null ? "none" : "-Xmx" + smallest));
    return out.toString();
  }

  private static long megabytes(String heap) {
    String h = heap.toLowerCase(Locale.ROOT);
    long value = Long.parseLong(h.replaceAll("[^0-9]", ""));
    return h.endsWith("g") ? value * 1024 : h.endsWith("k") ? value / 1024 : h.endsWith("m") ? value : value / (1024 * 1024);
  }
}
