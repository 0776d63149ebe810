package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.pipeline.common.WorkerShared;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;
import org.traumaflow.testing.TraumaflowProcess;

/**
 * {@code traumaflow score} as a nightly job: the ledger in the output location lets a re-run score
 * only new or changed series and carry the others over, and a run killed at any point loses
 * nothing already written, duplicates nothing, and never shows a half-written file.
 */
@ExtendWith(SingleThreadedTorch.class)
class NightlyScoringTest {
  private static final Pattern COUNTS = Pattern.compile("score: (\\d+) series carried over from the ledger, (\\d+) to score");

  @TempDir static Path dir;
  static TinyZoo zoo;
  static Path input;
  static Path once;
  static int seriesCount;

  @BeforeAll
  static void oneUninterruptedRun() throws Exception {
    zoo = TinyZoo.shared();
    input = SmallDataset.copyTo(dir.resolve("input"));
    once = dir.resolve("once");
    CliRun run = score(input, once);
    assertEquals(0, run.exitCode(), run.stderr());
    seriesCount = entries(once).size();
    assertEquals(List.of(0, seriesCount), counts(run), "a first run scores every series: " + run.stderr());
    assertTrue(seriesCount >= 2, "the test split has several series");
  }

  @Test
  void aSecondRunCarriesEverySeriesOverAndWritesTheSameResults() throws Exception {
    Path again = SmallDataset.copyTree(once, dir.resolve("again"));
    Map<String, byte[]> before = entries(again);
    CliRun run = score(input, again);
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(List.of(seriesCount, 0), counts(run), run.stderr());
    assertSameResults(once, again);
    assertEntriesUnchanged(before, entries(again));
  }

  @Test
  void onlyANewPatientAndAChangedSeriesAreScoredAndTheRestIsCarriedOver() throws Exception {
    Path nightly = SmallDataset.copyTree(input, dir.resolve("nightly-input"));
    Path output = SmallDataset.copyTree(once, dir.resolve("nightly"));
    Path changed = firstSeries(nightly.resolve("test_images"));
    Path slice;
    try (Stream<Path> slices = Files.list(changed)) {
      slice = slices.sorted().findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(slice, FileTime.fromMillis(Files.getLastModifiedTime(slice).toMillis() + 60_000));
    // Tonight's new arrival: a copy of an existing patient's images under a new id.
    String copied = changed.getParent().getFileName().toString();
    Path arrived = SmallDataset.copyTree(changed.getParent(), nightly.resolve("test_images").resolve("99999"));
    int arrivedSeries;
    try (Stream<Path> series = Files.list(arrived)) {
      arrivedSeries = (int) series.count();
    }
    Map<String, byte[]> before = entries(output);

    CliRun run = score(nightly, output);
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(List.of(seriesCount - 1, 1 + arrivedSeries), counts(run), run.stderr());
    Map<String, byte[]> after = entries(output);
    String changedEntry = LedgerEntry.path(copied, changed.getFileName().toString());
    assertFalse(new String(before.get(changedEntry)).equals(new String(after.get(changedEntry))), "the changed series was scored again");
    before.remove(changedEntry);
    assertEntriesUnchanged(before, after);
    assertEquals(seriesCount + arrivedSeries, after.size());

    Submission tonight = SubmissionCsv.read(output.resolve(ScorePipeline.SUBMISSION));
    Submission first = SubmissionCsv.read(once.resolve(ScorePipeline.SUBMISSION));
    for (Map.Entry<Integer, ?> row : first.rows().entrySet()) {
      assertEquals(row.getValue(), tonight.rows().get(row.getKey()), "patient " + row.getKey() + " as scored the first time");
    }
    assertEquals(first.rows().get(Integer.parseInt(copied)).probabilities(), tonight.rows().get(99999).probabilities(),
        "the new patient has the same images as " + copied + ", so the same row");
  }

  @Test
  void anotherEnsembleOrRescoreScoresEverySeriesAgain() throws Exception {
    Path output = SmallDataset.copyTree(once, dir.resolve("new-ensemble"));
    // The same member re-weighted: a new spec hash, the same predictions.
    Path reweighted = Files.writeString(dir.resolve("reweighted.yaml"), Files.readString(zoo.ensemble()).replace("weight: 1.0", "weight: 2.0"));
    TinyZoo published = new TinyZoo(zoo.segmentation(), zoo.preprocess(), zoo.runs(), reweighted);
    CliRun run = CliRun.of(published.scoreArguments(input, output).toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(List.of(0, seriesCount), counts(run), run.stderr());
    for (byte[] entry : entries(output).values()) {
      LedgerEntry parsed = LedgerEntry.parse("entry", entry);
      assertEquals(org.traumaflow.storage.Sha256.hex(Files.readAllBytes(reweighted)), parsed.scoring().ensembleSha256());
    }

    CliRun rescored = score(input, SmallDataset.copyTree(once, dir.resolve("rescored")), "--rescore");
    assertEquals(0, rescored.exitCode(), rescored.stderr());
    assertEquals(List.of(0, seriesCount), counts(rescored), rescored.stderr());
    assertSameResults(once, dir.resolve("rescored"));
  }

  @Test
  void inPassesOfOneSeriesTheRunWritesWhatOneRunWritesAndRecordsEverySeriesOnce() throws Exception {
    Path output = dir.resolve("passes");
    long loadsBefore = WorkerShared.loads();
    CliRun run = score(input, output, "--series-per-pass", "1");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(List.of(0, seriesCount), counts(run), run.stderr());
    assertTrue(run.stderr().contains(seriesCount + " passes of at most 1 series"), run.stderr());
    assertTrue(WorkerShared.loads() - loadsBefore <= WorkerShared.resident(),
        "each network is loaded at most once in the JVM, not once per pass: " + (WorkerShared.loads() - loadsBefore)
            + " loads for " + WorkerShared.resident() + " networks in " + seriesCount + " passes");
    assertSameResults(once, output);
    assertArrayEquals(Files.readAllBytes(once.resolve(ScorePipeline.DEAD_LETTERS)), Files.readAllBytes(output.resolve(ScorePipeline.DEAD_LETTERS)));
    assertEquals(scores(entries(once)), scores(entries(output)), "every series recorded with the score one run gives it");
    assertFalse(Files.exists(output.resolve(ScorePipeline.PLAN)), "the plan goes once the job is done");

    Path rescored = SmallDataset.copyTree(once, dir.resolve("rescored-in-passes"));
    CliRun again = score(input, rescored, "--rescore", "--series-per-pass", "1");
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals(List.of(0, seriesCount), counts(again), "a rescoring run in passes rescores every series: " + again.stderr());
    Map<String, byte[]> first = entries(once);
    for (Map.Entry<String, byte[]> entry : entries(rescored).entrySet()) {
      assertNotEquals(LedgerEntry.parse("first", first.get(entry.getKey())).scoredAt(), LedgerEntry.parse("again", entry.getValue()).scoredAt(),
          entry.getKey() + " was scored again, not carried over by a later pass");
    }
    assertSameResults(once, rescored);
  }

  @Test
  void killedAtSeveralPointsARerunCompletesWithNothingLostDuplicatedOrHalfWritten() throws Exception {
    Path output = dir.resolve("killed");
    Random random = new Random(20261128);
    Map<String, byte[]> kept = Map.of();
    int kills = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
      // The first kill lands as soon as one series is in the ledger, the others at random times.
      long delayMillis = attempt == 0 ? -1 : 2_000 + random.nextInt(12_000);
      // A pass per series: kills land in the plan, in passes and between them.
      Process process = startScore(output, dir.resolve("killed-" + attempt + ".log"), "--series-per-pass", "1");
      long started = System.nanoTime();
      while (process.isAlive()) {
        boolean due = delayMillis < 0 ? !entries(output).isEmpty() : System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(delayMillis);
        if (due) {
          process.destroyForcibly();
          kills++;
          break;
        }
        Thread.sleep(50);
      }
      process.waitFor();
      assertEverythingVisibleIsComplete(output);
      Map<String, byte[]> now = entries(output);
      assertEntriesUnchanged(kept, now);
      kept = now;
    }
    assertTrue(kills >= 2, "at least two runs were killed before they finished");

    CliRun rerun = score(input, output, "--series-per-pass", "1");
    assertEquals(0, rerun.exitCode(), rerun.stderr());
    assertEquals(List.of(kept.size(), seriesCount - kept.size()), counts(rerun), "only what no killed run recorded is scored: " + rerun.stderr());
    assertEntriesUnchanged(kept, entries(output));
    assertEquals(seriesCount, entries(output).size());
    assertSameResults(once, output);
  }

  @Test
  void sigtermStopsTheRunReleasesTheLockAndARerunFinishesWithTheSameResults() throws Exception {
    Path output = dir.resolve("terminated");
    Path log = dir.resolve("terminated.log");
    // Not blocking on run: the direct runner hands back the running pipeline as Dataflow does, so the signal cancels it.
    Process process = startScore(output, log, "--blockOnRun=false");
    // Mid-run: at least one series recorded, the others still to score.
    while (process.isAlive() && entries(output).isEmpty()) {
      Thread.sleep(50);
    }
    process.destroy();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the run stopped");
    String said = Files.readString(log);
    assertEquals(143, process.exitValue(), "128 + SIGTERM, as a shell reports a terminated job: " + said);
    assertTrue(said.contains("score: stopped by a signal; pipeline cancelled, released the output lock;"), said);
    assertFalse(Files.exists(output.resolve(OutputLock.KEY)), "the lock is gone, not left for the next run to reclaim");
    assertFalse(Files.exists(output.resolve(ScorePipeline.SUBMISSION)), "nothing is published for a run that did not finish");
    assertEverythingVisibleIsComplete(output);
    Map<String, byte[]> kept = entries(output);

    CliRun rerun = score(input, output);
    assertEquals(0, rerun.exitCode(), rerun.stderr());
    assertEquals(List.of(kept.size(), seriesCount - kept.size()), counts(rerun), rerun.stderr());
    assertEntriesUnchanged(kept, entries(output));
    assertSameResults(once, output);
  }

  private static Process startScore(Path output, Path log, String... more) throws IOException {
    return TraumaflowProcess.start("1g", log, zoo.scoreArguments(input, output, more));
  }

  /** Every file under its final name parses completely; a killed write may leave only hidden temporaries. */
  private static void assertEverythingVisibleIsComplete(Path output) throws IOException {
    if (!Files.exists(output)) {
      return;
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        String name = output.relativize(file).toString();
        if (name.startsWith(LedgerEntry.FOLDER + "/")) {
          LedgerEntry.parse(file.toString(), Files.readAllBytes(file));
        } else if (name.equals(ScorePipeline.SUBMISSION)) {
          SubmissionCsv.read(file);
        } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
          for (String line : name.endsWith(".jsonl") ? Files.readAllLines(file) : List.of(Files.readString(file))) {
            if (!line.isBlank()) {
              json.readTree(line);
            }
          }
        }
      }
    }
  }

  private static void assertSameResults(Path expected, Path actual) throws IOException {
    assertArrayEquals(Files.readAllBytes(expected.resolve(ScorePipeline.SUBMISSION)), Files.readAllBytes(actual.resolve(ScorePipeline.SUBMISSION)));
    assertArrayEquals(Files.readAllBytes(expected.resolve(ScorePipeline.PREDICTIONS)), Files.readAllBytes(actual.resolve(ScorePipeline.PREDICTIONS)),
        "each patient once, blended from carried-over and new series as from one run");
  }

  private static void assertEntriesUnchanged(Map<String, byte[]> before, Map<String, byte[]> after) {
    for (Map.Entry<String, byte[]> entry : before.entrySet()) {
      assertTrue(after.containsKey(entry.getKey()), entry.getKey() + " is still in the ledger");
      assertArrayEquals(entry.getValue(), after.get(entry.getKey()), entry.getKey() + " was carried over, not scored again");
    }
  }

  /** The ledger's entries by path under the output, each read whole. */
  private static Map<String, byte[]> entries(Path output) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    Path ledger = output.resolve(LedgerEntry.FOLDER);
    if (!Files.exists(ledger)) {
      return entries;
    }
    try (Stream<Path> files = Files.walk(ledger)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        entries.put(output.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return entries;
  }

  /** Each entry's score, without when it was made. */
  private static Map<String, SeriesScore> scores(Map<String, byte[]> entries) throws IOException {
    Map<String, SeriesScore> scores = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      scores.put(entry.getKey(), LedgerEntry.parse(entry.getKey(), entry.getValue()).score());
    }
    return scores;
  }

  private static List<Integer> counts(CliRun run) {
    Matcher m = COUNTS.matcher(run.stderr());
    assertTrue(m.find(), run.stderr());
    return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  private static Path firstSeries(Path images) throws IOException {
    try (Stream<Path> patients = Files.list(images)) {
      Path patient = patients.sorted().findFirst().orElseThrow();
      try (Stream<Path> series = Files.list(patient)) {
        return series.sorted().findFirst().orElseThrow();
      }
    }
  }

  private static CliRun score(Path in, Path output, String... more) {
    return CliRun.of(zoo.scoreArguments(in, output, more).toArray(String[]::new));
  }
}
