package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;

/** {@code traumaflow bench} as a user runs it, at a tiny size: the table, never the times. */
@ExtendWith(SingleThreadedTorch.class)
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void dicomSuiteTimesOursAndBothReferencesOnTheSameFiles() throws Exception {
    Path table = dir.resolve("bench.md");
    CliRun run = CliRun.of("bench", "dicom", "--work", dir.resolve("work").toString(), "--repeats", "1",
        "--series-slices", "3", "--discovery-files", "4", "--compressed-frames", "2", "--out", table.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    List<String> lines = Files.readAllLines(table);
    assertEquals(2 + 6, lines.size(), "header, rule and six cases: " + lines);
    // JPEG 2000 twice on the same files: the decoder in use (OpenJPEG, which CI installs) and the pure-Java fallback.
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("| JPEG 2000") && l.contains("OpenJPEG") && l.contains("(native)")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("| JPEG 2000") && l.contains("JAI") && l.contains("fallback")), lines.toString());
    assertTrue(lines.get(0).contains("pydicom / ours") && lines.get(0).contains("GDCM / ours"), lines.get(0));
    for (String row : lines.subList(2, lines.size())) {
      String[] cells = row.split("\\|");
      for (int i = 3; i <= 5; i++) {
        assertTrue(Double.parseDouble(cells[i].trim()) > 0, "a positive time in every column: " + row);
      }
    }
    assertEquals(Files.readString(table), run.stdout(), "the file holds what was printed");
  }

  @Test
  void segmentationSuiteReportsEachOrgansHeldOutDicePerFoldBesideItsGoal() throws Exception {
    Path table = dir.resolve("seg.md");
    CliRun run = CliRun.of("bench", "segmentation", "--work", dir.resolve("work").toString(), "--training-patients", "4", "--folds", "2",
        "--epochs", "1", "--stage1-size", "64", "--seg-slices", "64", "--out", table.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    List<String> lines = Files.readAllLines(table);
    assertTrue(lines.get(0).contains("tiny model at 64 px, 4 patients") && lines.get(0).contains("2 folds x 1 epochs"), lines.get(0));
    List<String> rows = lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| organ")).toList();
    assertEquals(List.of("liver", "spleen", "left_kidney", "right_kidney", "bowel"), rows.stream().map(r -> r.split("\\|")[1].trim()).toList());
    assertEquals(List.of("> 0.90", "> 0.85", "> 0.80", "> 0.80", "-"), rows.stream().map(r -> r.split("\\|")[4].trim()).toList());
    for (String row : rows) {
      String[] cells = row.split("\\|");
      double mean = Double.parseDouble(cells[2].trim());
      String[] perFold = cells[3].trim().split(" / ");
      assertEquals(2, perFold.length, row);
      assertEquals((Double.parseDouble(perFold[0]) + Double.parseDouble(perFold[1])) / 2, mean, 0.0011, row);
      String goal = cells[4].trim();
      String met = cells[5].trim();
      assertEquals(goal.equals("-") ? "-" : mean > Double.parseDouble(goal.substring(2)) ? "pass" : "miss", met, row);
    }
    assertTrue(run.stderr().contains("fold 1 of 2"), run.stderr());
  }

  @Test
  void modelSuiteTimesEveryTinyEncoderAndTheSameTorchScriptMemberInDjlAndPyTorch() throws Exception {
    org.traumaflow.testing.TorchReference.requireInstalled();
    CliRun run = CliRun.of("bench", "model", "--work", dir.resolve("work").toString(), "--repeats", "1", "--member-size", "64");
    assertEquals(0, run.exitCode(), run.stderr());
    for (String encoder : List.of("RESNET18", "RESNET34", "EFFICIENTNET_V2_S")) {
      assertTrue(run.stdout().contains("| " + encoder + " | tiny |"), run.stdout());
    }
    String member = run.stdout().lines().filter(l -> l.startsWith("| ResNet-18 + GRU (TorchScript)")).findFirst().orElseThrow();
    String[] cells = member.split("\\|");
    assertTrue(Double.parseDouble(cells[3].trim()) > 0 && Double.parseDouble(cells[4].trim()) > 0, member);
    assertTrue(run.stdout().contains("Peak resident set of the benchmark process: "), run.stdout());
  }

  @Test
  void scoreSuiteSplitsEachScoringRunByStageAgainstTheReferenceOnTheSameStudies() throws Exception {
    Path work = dir.resolve("work");
    CliRun run = CliRun.of("bench", "score", "--work", work.toString(), "--repeats", "1", "--patients", "2", "--max-slices", "16",
        "--member-preset", "TINY");
    assertEquals(0, run.exitCode(), run.stderr());
    long series;
    try (java.util.stream.Stream<Path> walk = Files.walk(work.resolve("data-512-2x16/train_images"), 2)) {
      series = walk.filter(p -> work.resolve("data-512-2x16/train_images").relativize(p).getNameCount() == 2).count();
    }
    List<String> lines = run.stdout().lines().toList();
    List<String> throughput = lines.stream().filter(l -> l.startsWith("| preprocess") || l.startsWith("| score")).toList();
    assertEquals(6, throughput.size(), "reference, built-in and whole-window scoring at parallelism 1 and 2: " + run.stdout());
    for (int i = 0; i < 6; i++) {
      String[] cells = throughput.get(i).split("\\|");
      assertTrue(cells[1].trim().startsWith(i % 3 == 0 ? "preprocess" : "score"), throughput.get(i));
      if (i % 3 > 0) {
        assertTrue(cells[1].contains(i % 3 == 1 ? "built-in spec (1 window, 2 triplets per encoder pass)"
            : "the path before, 1 window, 32 triplets per encoder pass"), throughput.get(i));
      }
      assertEquals(i < 3 ? "1" : "2", cells[2].trim(), "parallelism: " + throughput.get(i));
      assertEquals(Long.toString(series), cells[3].trim(), "every synthetic series: " + throughput.get(i));
      assertEquals("2", cells[4].trim(), "patients: " + throughput.get(i));
      assertTrue(Double.parseDouble(cells[5].trim()) > 0, throughput.get(i));
    }
    String header = lines.stream().filter(l -> l.startsWith("| Flink parallelism | discover")).findFirst().orElseThrow(() -> new AssertionError(run.stdout()));
    List<String> stages = java.util.Arrays.stream(header.split("\\|")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    assertEquals(List.of("Flink parallelism", "discover", "read + preprocess", "segment", "make volumes", "ensemble", "blend + sinks",
        "all stages", "wall per series x parallelism"), stages);
    int at = lines.indexOf(header);
    // One row per scoring run, in the throughput table's order: built-in, then whole windows, at each parallelism.
    for (int row = 0; row < 4; row++) {
      String line = lines.get(at + 2 + row);
      String[] cells = line.split("\\|");
      assertEquals(row < 2 ? "1" : "2", cells[1].trim(), line);
      for (int stage : new int[] {3, 4, 6}) {
        assertTrue(Double.parseDouble(cells[stage].trim()) > 0, "read + preprocess, segment and ensemble each measured: " + line);
      }
    }
  }

  @Test
  void memorySuiteFindsASeriesReadSliceBySliceSmallerThanItsHuVolumeFirst() throws Exception {
    CliRun run = CliRun.of("bench", "preprocess-memory", "--work", dir.resolve("work").toString(), "--repeats", "1",
        "--patients", "1", "--max-slices", "24");
    assertEquals(0, run.exitCode(), run.stderr());
    List<String> rows = run.stdout().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| configuration")).toList();
    assertEquals(3, rows.size(), run.stdout());
    double streamed = ratio(rows.get(0));
    double reference = ratio(rows.get(1));
    assertTrue(rows.get(1).contains("reference"), rows.get(1));
    // The reference holds the HU volume beside the uint8 variants: about one int16 volume more.
    assertTrue(streamed > 0.5 && streamed < reference - 0.5, "slice by slice " + streamed + "x, HU volume first " + reference + "x");
    assertTrue(ratio(rows.get(2)) > 0, rows.get(2));
  }

  @Test
  void cpuSuiteTimesTheReadStepAgainstThePythonReferenceThatMadeTheSameVolumes() throws Exception {
    Path table = dir.resolve("cpu.md");
    CliRun run = CliRun.of("bench", "preprocess-cpu", "--work", dir.resolve("work").toString(), "--repeats", "1",
        "--patients", "1", "--max-slices", "24", "--out", table.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().contains("Same result: ") && !run.stdout().contains("RESULTS DIFFER"), "the reference made our volumes: " + run.stdout());
    List<String> rows = run.stdout().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| case")).toList();
    assertEquals(1, rows.size(), run.stdout());
    String[] cells = rows.get(0).split("\\|");
    int slices = Integer.parseInt(cells[2].trim());
    assertTrue(slices > 0 && slices <= 24, rows.get(0));
    double ours = Double.parseDouble(cells[3].trim());
    double reference = Double.parseDouble(cells[4].trim());
    assertTrue(ours > 0 && reference > 0, "both sides timed: " + rows.get(0));
    // The seconds are printed to 3 decimals, the ratio to 2: it must lie within their rounding.
    double printedRatio = ratio(rows.get(0));
    double lowest = (reference - 0.0005) / (ours + 0.0005) - 0.005;
    double highest = (reference + 0.0005) / (ours - 0.0005) + 0.005;
    assertTrue(printedRatio >= lowest && printedRatio <= highest, "reference / ours " + printedRatio + " from " + rows.get(0));
    assertTrue(run.stdout().contains("Goal: decoding + windowing + the stage-1 input of a 300-slice series under 2 s of CPU"), run.stdout());
    assertEquals(Files.readString(table), run.stdout(), "the file holds what was printed");
  }

  private static double ratio(String row) {
    String[] cells = row.split("\\|");
    return Double.parseDouble(cells[cells.length - 1].trim().replace("x", ""));
  }

  @Test
  void unknownSuiteIsAUserError() {
    CliRun run = CliRun.of("bench", "gpu");
    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains("unknown benchmark suite 'gpu' (known: dicom, preprocess, preprocess-cpu, preprocess-memory, model, score, large-series, soak, engine-isa, train-memory, segmentation)"), run.stderr());
  }

  @Test
  void trainMemorySuiteTrainsOnEachDatasetSizeInItsOwnJvmAndComparesThePeaks() throws Exception {
    Path table = dir.resolve("train-memory.md");
    CliRun run = CliRun.of("bench", "train-memory", "--work", dir.resolve("work").toString(), "--windows", "20,40", "--heap", "512m",
        "--out", table.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().startsWith("CPU: " + org.traumaflow.engine.HostCpu.current().describe()), run.stdout());
    List<String> rows = run.stdout().lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
    assertEquals(2, rows.size(), run.stdout());
    for (int i = 0; i < 2; i++) {
      String[] cells = rows.get(i).split("\\|");
      assertEquals(i == 0 ? "20" : "40", cells[1].trim(), rows.get(i));
      // Fold 0 of 5 holds out one patient in five: 4 windows in 20.
      assertEquals(Integer.parseInt(cells[1].trim()), Integer.parseInt(cells[2].trim()) + Integer.parseInt(cells[3].trim()), rows.get(i));
      for (int c = 4; c <= 6; c++) {
        assertTrue(Double.parseDouble(cells[c].trim()) > 0, "a live heap, a resident set and a time: " + rows.get(i));
      }
    }
    String ratios = run.stdout().lines().filter(l -> l.startsWith("40 windows against 20: peak live heap ")).findFirst()
        .orElseThrow(() -> new AssertionError(run.stdout()));
    assertTrue(ratios.matches("40 windows against 20: peak live heap \\d+\\.\\d\\dx, peak RSS \\d+\\.\\d\\dx"), ratios);
    assertEquals(Files.readString(table), run.stdout(), "the file holds what was printed");
  }

  @Test
  void engineIsaSuiteRunsEachCapInItsOwnJvmWithTheSelfChecksVerdictAgainstTheUncappedKernels() {
    CliRun run = CliRun.of("bench", "engine-isa", "--repeats", "1", "--caps", "none,SSE41");
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().startsWith("CPU: " + org.traumaflow.engine.HostCpu.current().describe()), run.stdout());
    List<String> rows = run.stdout().lines().filter(l -> l.startsWith("| none |") || l.startsWith("| SSE41 |")).toList();
    assertEquals(2, rows.size(), run.stdout());
    String[] uncapped = rows.get(0).split("\\|");
    assertEquals("1.00x", uncapped[uncapped.length - 1].trim(), "the uncapped row is the reference: " + rows.get(0));
    String[] sse41 = rows.get(1).split("\\|");
    assertEquals("SSE41", sse41[2].trim(), "the child ran with the cap: " + rows.get(1));
    assertEquals("passed", sse41[3].trim(), "SSE4.1 kernels are correct on every CPU seen: " + rows.get(1));
    for (int i = 4; i < sse41.length - 1; i++) {
      assertTrue(Double.parseDouble(sse41[i].trim()) > 0, "a time for every workload: " + rows.get(1));
    }
  }
}
