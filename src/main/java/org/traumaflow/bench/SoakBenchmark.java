package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.synth.CompetitionLayout;

/**
 * Many small studies in one {@code traumaflow score} run: the child's resident set (every second,
 * from {@code /proc}) and its heap after each collection (from its GC log) over the run, with
 * the series recorded in the ledger so far. A flat curve says nothing accumulates per study.
 */
public final class SoakBenchmark {
  private static final Pattern GC = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*GC\\(\\d+\\) Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final double[] POINTS = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /** Test studies, their slice size and most slices, and the scoring JVM's heap. */
  public record Settings(int studies, int size, int maxSlices, String heap) {
    public Settings {
      if (studies < 1 || size < 64 || maxSlices < 4) {
        throw new IllegalArgumentException("need at least one study, 64 px and 4 slices");
      }
    }
  }

  /** Heap in use right after a collection, MB, at a time since the JVM started. */
  record HeapAfterGc(double seconds, long megabytes) {}

  public record Result(Settings settings, int series, ProcessMemory.Outcome outcome, List<HeapAfterGc> heap) {}

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public SoakBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  public Result run() throws IOException, InterruptedException {
    ScoringSetup setup = ScoringSetup.prepare(work, progress);
    Path data = work.resolve("soak-" + settings.studies() + "-" + settings.size() + "-" + settings.maxSlices());
    if (!Files.exists(data.resolve(CompetitionLayout.MANIFEST_JSON))) {
      LocalTree.delete(data);
      progress.printf(Locale.ROOT, "bench: writing %d test studies to %s%n", settings.studies(), data);
      progress.flush();
      int status = ScoringSetup.command("2g", List.of("synth", "--out", data.toString(), "--patients", "2", "--test-patients",
          Integer.toString(settings.studies()), "--size", Integer.toString(settings.size()), "--max-slices", Integer.toString(settings.maxSlices())))
          .redirectErrorStream(true).redirectOutput(work.resolve("soak-synth.log").toFile()).start().waitFor();
      if (status != 0) {
        throw new IOException("traumaflow synth failed with status " + status + "; see " + work.resolve("soak-synth.log"));
      }
    }
    int series;
    try (Stream<Path> all = Files.walk(data.resolve("test_images"), 2)) {
      series = (int) all.filter(p -> data.resolve("test_images").relativize(p).getNameCount() == 2).count();
    }
    Path output = work.resolve("soak-score");
    LocalTree.delete(output);
    Path gcLog = work.resolve("soak-gc.log");
    Files.deleteIfExists(gcLog);
    Path log = work.resolve("soak-score.log");
    progress.printf(Locale.ROOT, "bench: scoring %d studies (%d series) in one run with -Xmx%s (log %s)%n", settings.studies(), series, settings.heap(), log);
    progress.flush();
    Process process = ScoringSetup.command(settings.heap(), setup.scoreArguments(data, output), "-Xlog:gc:file=" + gcLog)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ProcessMemory.Outcome outcome = ProcessMemory.watch(process, 1000, () -> recorded(output));
    if (outcome.exitCode() != 0) {
      throw new IOException("score failed with status " + outcome.exitCode() + "; see " + log);
    }
    return new Result(settings, series, outcome, heapAfterGc(gcLog));
  }

  /** Series in the output's ledger so far. */
  private static int recorded(Path output) {
    Path ledger = output.resolve(LedgerEntry.FOLDER);
    if (!Files.isDirectory(ledger)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(ledger)) {
      return (int) files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith(".")).count();
    } catch (IOException | UncheckedIOException racing) {
      return -1;
    }
  }

  private static List<HeapAfterGc> heapAfterGc(Path gcLog) throws IOException {
    List<HeapAfterGc> points = new ArrayList<>();
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC.matcher(line);
        if (m.find()) {
          points.add(new HeapAfterGc(Double.parseDouble(m.group(1)), Long.parseLong(m.group(3))));
        }
      }
    }
    return points;
  }

  /** The curve at fractions of the run's time, and the resident set's slope over its second half. */
  public static String table(Result result) {
    Settings s = result.settings();
    List<ProcessMemory.Sample> samples = result.outcome().samples();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%n### %d test studies (%d series, %d px, at most %d slices) in one score run, -Xmx%s: %.0f s%n%n",
        s.studies(), result.series(), s.size(), s.maxSlices(), s.heap(), result.outcome().seconds()));
    out.append("| of the run | s | series in the ledger | RSS MB | heap after last GC MB |\n|---:|---:|---:|---:|---:|\n");
    for (double point : POINTS) {
      ProcessMemory.Sample sample = samples.get(Math.min(samples.size() - 1, (int) Math.floor(point * (samples.size() - 1))));
      out.append(String.format(Locale.ROOT, "| %.0f%% | %.0f | %d | %.0f | %s |%n", point * 100, sample.seconds(), sample.done(),
          sample.residentBytes() / 1e6, heapAt(result.heap(), sample.seconds())));
    }
    // The first half includes the JVM growing its heap to -Xmx and libtorch's first allocations;
    // what accumulates per study shows as a slope in the second.
    List<ProcessMemory.Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
    out.append(String.format(Locale.ROOT, "%nRSS slope over the second half of the run: %+.1f MB per minute; peak RSS (VmHWM) %.0f MB%n",
        slopePerMinute(secondHalf) / 1e6, result.outcome().peakBytes() / 1e6));
    return out.toString();
  }

  private static String heapAt(List<HeapAfterGc> heap, double seconds) {
    HeapAfterGc last = null;
    for (HeapAfterGc point : heap) {
      if (point.seconds() <= seconds) {
        last = point;
      }
    }
    return last == null ? "-" : Long.toString(last.megabytes());
  }

  /** Least-squares slope of the resident set against time, bytes per minute. */
  private static double slopePerMinute(List<ProcessMemory.Sample> samples) {
    double n = samples.size();
    double mt = samples.stream().mapToDouble(ProcessMemory.Sample::seconds).sum() / n;
    double mr = samples.stream().mapToDouble(ProcessMemory.Sample::residentBytes).sum() / n;
    double num = 0;
    double den = 0;
    for (ProcessMemory.Sample sample : samples) {
      num += (sample.seconds() - mt) * (sample.residentBytes() - mr);
      den += (sample.seconds() - mt) * (sample.seconds() - mt);
    }
    return den == 0 ? 0 : num / den * 60;
  }
}
