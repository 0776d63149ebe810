package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.preprocess.Preprocessing;
import org.traumaflow.seg.FoldMember;
import org.traumaflow.seg.FoldSelection;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;
import org.traumaflow.zoo.RunFiles;

/**
 * A nightly {@code score} nobody watches, at the edges of its configuration and file system
 * (RELIABILITY.md, "Unattended runs"): every case ends with the patients present and the fault
 * in the dead letters, with exit 2 before anything is written, or with exit 1 and no submission;
 * never with exit 0 and a submission that only looks right. One tiny zoo and one scored run
 * (with one non-DICOM file in a series, a dead letter that does not drop the series) serve all.
 */
@ExtendWith(SingleThreadedTorch.class)
class UnattendedRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TinyZoo zoo;
  static Path input;
  static Path once;

  @BeforeAll
  static void oneScoredRunWithADeadLetter() throws Exception {
    zoo = TinyZoo.shared();
    input = SmallDataset.copyTo(dir.resolve("input"));
    Files.writeString(firstSeries().resolve("notes.dcm"), "not a DICOM file");
    once = dir.resolve("once");
    CliRun run = score(input, once);
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(Files.readString(once.resolve(ScorePipeline.DEAD_LETTERS)).contains("notes.dcm"), "the series is read without the file");
  }

  @Test
  void aScoreEditedInTheLedgerIsScoredAgainAndReportedNotCarriedIntoTheSubmission() throws Exception {
    Path output = SmallDataset.copyTree(once, dir.resolve("edited"));
    List<Path> entries = entries(output);
    // One score no probability can be, and one that looks like any other.
    editFirstScore(entries.get(0), 7.0);
    editFirstScore(entries.get(1), 0.5);

    CliRun run = score(input, output);
    assertEquals(0, run.exitCode(), run.stderr());
    assertArrayEquals(Files.readAllBytes(once.resolve(ScorePipeline.SUBMISSION)), Files.readAllBytes(output.resolve(ScorePipeline.SUBMISSION)),
        "both series were scored again: their patients' rows are the ones first scored");
    List<JsonNode> reported = letters(output).stream().filter(l -> l.get("stage").asText().equals(CheckLedger.STAGE)).toList();
    assertEquals(List.of(entries.get(0).toString(), entries.get(1).toString()), reported.stream().map(l -> l.get("location").asText()).sorted().toList());
    assertTrue(reported.get(0).get("reason").asText().contains("is 7.0, not a probability in [0, 1]"), reported.get(0).toString());
    assertTrue(reported.get(1).get("reason").asText().contains("entry_sha256 is "), reported.get(1).toString());
    assertFalse(reported.get(0).get("dropped").asBoolean(), "the series was scored, not dropped");
    for (Path entry : entries.subList(0, 2)) {
      LedgerEntry.parse(entry.toString(), Files.readAllBytes(entry));
    }
  }

  @Test
  void aRerunThatCarriesEverySeriesOverReportsTheDeadLettersOfTheRunThatScoredThem() throws Exception {
    Path output = SmallDataset.copyTree(once, dir.resolve("carried"));
    // As after a run that recorded every series and then failed (a full disk) before publishing.
    Files.delete(output.resolve(ScorePipeline.DEAD_LETTERS));
    Files.delete(output.resolve(ScorePipeline.SUBMISSION));

    CliRun run = score(input, output, "--fail-on-dead-letters");
    assertTrue(run.stderr().contains(" 0 to score"), run.stderr());
    assertEquals(1, run.exitCode(), "the carried-over series' dead letter still fails the night: " + run.stderr());
    assertArrayEquals(Files.readAllBytes(once.resolve(ScorePipeline.DEAD_LETTERS)), Files.readAllBytes(output.resolve(ScorePipeline.DEAD_LETTERS)));
  }

  @Test
  void aRunListedTwiceInTheEnsembleOrTheRegistryIsRefused() throws Exception {
    String spec = Files.readString(zoo.ensemble());
    String relative = spec.lines().filter(l -> l.contains("{path: ")).findFirst().orElseThrow();
    String runId = relative.substring(relative.indexOf("{path: ") + 7, relative.indexOf(','));
    String absolute = relative.replace("{path: " + runId, "{path: " + zoo.runs().resolve(runId).toAbsolutePath());
    Path twice = Files.writeString(dir.resolve("twice.yaml"), spec + absolute + "\n");
    Path output = dir.resolve("twice");
    CliRun run = CliRun.of(new TinyZoo(zoo.segmentation(), zoo.preprocess(), zoo.runs(), twice).scoreArguments(input, output).toArray(String[]::new));
    assertRefusedBeforeWriting(run, output, runId + " is listed twice");

    ObjectNode registry = (ObjectNode) JSON.readTree(zoo.runs().resolve("registry.json").toFile());
    ((ArrayNode) registry.get("runs")).add(registry.get("runs").get(0).deepCopy());
    Path duplicated = Files.write(dir.resolve("registry-twice.json"), JSON.writeValueAsBytes(registry));
    Path tuned = dir.resolve("tuned.yaml");
    CliRun tune = CliRun.of("tune-ensemble", "--registry", duplicated.toString(), "--truth", SmallDataset.root().resolve("train.csv").toString(),
        "--output", tuned.toString());
    assertEquals(2, tune.exitCode(), tune.stderr());
    assertTrue(tune.stderr().contains("run " + registry.get("runs").get(0).get("id").asText() + " twice"), tune.stderr());
    assertFalse(Files.exists(tuned));
  }

  @Test
  void aSegmentationModelForOtherSlicesIsRefusedBeforeWriting() throws Exception {
    Path spec = Files.writeString(dir.resolve("stage1-96.yaml"), Files.readString(zoo.preprocess()).replace("size: 128", "size: 96"));
    Path output = dir.resolve("other-slices");
    CliRun run = CliRun.of(new TinyZoo(zoo.segmentation(), spec, zoo.runs(), zoo.ensemble()).scoreArguments(input, output).toArray(String[]::new));
    assertRefusedBeforeWriting(run, output, "the segmentation model takes 128 x 128 stage-1 slices");
  }

  @Test
  void withoutASpecScoreTakesTheOneTheModelsWereTrainedWith() throws Exception {
    // The zoo's models record its 64 px spec; the built-in one makes 384 px windows its runs cannot take.
    Path output = dir.resolve("recorded-spec");
    CliRun run = CliRun.of(withoutSpec(zoo.scoreArguments(input, output)));
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("score: preprocessing spec " + zoo.segmentation().resolve(Preprocessing.RECORDED_SPEC)
        + " (recorded by the segmentation checkpoint)"), run.stderr());
    assertEquals(Files.readString(once.resolve(ScorePipeline.SUBMISSION)), Files.readString(output.resolve(ScorePipeline.SUBMISSION)),
        "the same submission as with the spec given");
  }

  @Test
  void aSpecOtherThanTheOneTheModelsWereTrainedWithIsRefusedNamingBoth() throws Exception {
    // Another stage-1 window: the segmentation model's recorded spec and the given one disagree.
    Path window = Files.writeString(dir.resolve("level-60.yaml"), Files.readString(zoo.preprocess()).replace("level: 50", "level: 60"));
    Path output = dir.resolve("other-window");
    CliRun run = CliRun.of(new TinyZoo(zoo.segmentation(), window, zoo.runs(), zoo.ensemble()).scoreArguments(input, output).toArray(String[]::new));
    assertRefusedBeforeWriting(run, output, zoo.segmentation().resolve(Preprocessing.RECORDED_SPEC) + " (the preprocessing spec the model was "
        + "trained with) and " + window + " (the spec to score with) disagree in the stage-1 slices");

    // Other windows of the same slices (a stride a run was not trained on): the run's recorded spec names the run.
    Path stride = Files.writeString(dir.resolve("stride-3.yaml"), Files.readString(zoo.preprocess()).replace("stride: 2", "stride: 3"));
    Path output2 = dir.resolve("other-stride");
    CliRun other = CliRun.of(new TinyZoo(zoo.segmentation(), stride, zoo.runs(), zoo.ensemble()).scoreArguments(input, output2).toArray(String[]::new));
    String runId = JSON.readTree(zoo.runs().resolve("registry.json").toFile()).get("runs").get(0).get("id").asText();
    assertRefusedBeforeWriting(other, output2, zoo.runs().resolve(runId).resolve(Preprocessing.RECORDED_SPEC) + " (the preprocessing spec "
        + "the model was trained with) and " + stride + " (the spec to score with) disagree in the windows");

    // Without --spec, a segmentation model trained with another spec than the runs' is refused the same way, naming both files.
    Path segmentation = dir.resolve("seg-level-60");
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny().withInputSize(128), 3)) {
      SegmentationCheckpoint.writer(segmentation, model.config()).withPreprocessing(Files.readAllBytes(window))
          .add(new FoldMember(0, List.of()), model).commit(FoldSelection.MEAN, 1);
    }
    Path output3 = dir.resolve("models-disagree");
    CliRun disagree = CliRun.of(withoutSpec(new TinyZoo(segmentation, zoo.preprocess(), zoo.runs(), zoo.ensemble()).scoreArguments(input, output3)));
    assertRefusedBeforeWriting(disagree, output3, zoo.runs().resolve(runId).resolve(Preprocessing.RECORDED_SPEC) + " (the preprocessing spec "
        + "the model was trained with) and " + segmentation.resolve(Preprocessing.RECORDED_SPEC) + " (the spec to score with) disagree in the windows");
  }

  @Test
  void aChangedCheckpointFileIsRefusedBeforeWritingNamingTheFileAndBothHashes() throws Exception {
    Path segmentation = SmallDataset.copyTree(zoo.segmentation(), dir.resolve("seg-changed"));
    flipLastByte(segmentation.resolve(SegmentationCheckpoint.parameters(0)));
    Path output = dir.resolve("seg-changed-out");
    CliRun run = CliRun.of(new TinyZoo(segmentation, zoo.preprocess(), zoo.runs(), zoo.ensemble()).scoreArguments(input, output).toArray(String[]::new));
    assertRefusedBeforeWriting(run, output, segmentation.resolve(SegmentationCheckpoint.parameters(0)) + ": SHA-256 ");
    assertTrue(run.stderr().contains("differs from the manifest's "), run.stderr());

    // A run's config.json no longer the one trained: the ensemble pins the parameters, the run's manifest the rest.
    Path runs = SmallDataset.copyTree(zoo.runs(), dir.resolve("runs-changed"));
    String runId = JSON.readTree(runs.resolve("registry.json").toFile()).get("runs").get(0).get("id").asText();
    Path config = runs.resolve(runId).resolve(RunFiles.CHECKPOINT).resolve("config.json");
    String trained = Files.readString(config);
    String edited = trained.replaceAll("\"inputSize\"\\s*:\\s*64", "\"inputSize\":96");
    assertFalse(edited.equals(trained), trained);
    Files.writeString(config, edited);
    Path output2 = dir.resolve("run-changed-out");
    CliRun changed = CliRun.of(new TinyZoo(zoo.segmentation(), zoo.preprocess(), runs, zoo.ensemble()).scoreArguments(input, output2).toArray(String[]::new));
    assertRefusedBeforeWriting(changed, output2, config + ": ");
  }

  @Test
  void aRunInWhichEverySeriesFailsTheSameWayFailsAndPublishesNoSubmission() throws Exception {
    Path broken = SmallDataset.copyTree(input, dir.resolve("broken-input"));
    try (Stream<Path> files = Files.walk(broken.resolve("test_images"))) {
      for (Path slice : files.filter(f -> f.toString().endsWith(".dcm")).toList()) {
        Files.write(slice, java.util.Arrays.copyOf(Files.readAllBytes(slice), 200));
      }
    }
    Path output = dir.resolve("systematic");
    CliRun run = score(broken, output, "--systematic-failure-min-series", "2");
    assertEquals(1, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("series failed the same way (read-series InconsistentSeriesException"), run.stderr());
    assertFalse(Files.exists(output.resolve(ScorePipeline.SUBMISSION)), "no submission of fallback rows is left to ship");
    assertFalse(letters(output).isEmpty(), "the dead letters say what failed");
  }

  @Test
  void aRunWhoseLockIsTakenOverMidRunFailsAndDoesNotPublishOverTheNewOwner() throws Exception {
    Path output = dir.resolve("taken-over");
    CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> score(input, output, "--series-per-pass", "1"));
    while (!first.isDone() && !Files.exists(output.resolve(LedgerEntry.FOLDER))) {
      Thread.sleep(20);
    }
    assertFalse(first.isDone(), "the first run is past its first series and still running");
    // The operator removes the lock of a run they think dead, and a second run takes it.
    Files.delete(output.resolve(OutputLock.KEY));
    try (OutputLock second = OutputLock.acquire(ObjectStore.at(output.toString()), "score", OutputLock.DEFAULT_RECLAIM_AGE)) {
      byte[] secondLock = Files.readAllBytes(output.resolve(OutputLock.KEY));
      CliRun run = first.get(3, TimeUnit.MINUTES);
      assertEquals(1, run.exitCode(), run.stderr());
      // Between the removal and the second run's claim the first may look and find no lock: either way it names the lock and stops.
      assertTrue(run.stderr().contains(OutputLock.KEY + " was taken over while this run held it")
          || run.stderr().contains(OutputLock.KEY + " was removed while this run held it"), run.stderr());
      assertFalse(Files.exists(output.resolve(ScorePipeline.SUBMISSION)), "the first run published nothing");
      assertArrayEquals(secondLock, Files.readAllBytes(output.resolve(OutputLock.KEY)), "the lock is still the second run's");
    }
  }

  private static void assertRefusedBeforeWriting(CliRun run, Path output, String named) {
    assertEquals(2, run.exitCode(), run.stderr());
    List<String> errors = run.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), run.stderr());
    assertTrue(errors.get(0).contains(named), run.stderr());
    assertFalse(Files.exists(output), "nothing written: " + output);
  }

  private static void flipLastByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
  }

  private static List<JsonNode> letters(Path output) throws IOException {
    List<JsonNode> letters = new ArrayList<>();
    for (String line : Files.readAllLines(output.resolve(ScorePipeline.DEAD_LETTERS))) {
      letters.add(JSON.readTree(line));
    }
    return letters;
  }

  private static List<Path> entries(Path output) throws IOException {
    try (Stream<Path> files = Files.walk(output.resolve(LedgerEntry.FOLDER))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static void editFirstScore(Path entry, double probability) throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(entry.toFile());
    ObjectNode member = (ObjectNode) json.get("members").elements().next();
    member.put(member.fieldNames().next(), probability);
    Files.write(entry, JSON.writeValueAsBytes(json));
  }

  private static Path firstSeries() throws IOException {
    try (Stream<Path> patients = Files.list(input.resolve("test_images"))) {
      Path patient = patients.sorted().findFirst().orElseThrow();
      try (Stream<Path> series = Files.list(patient)) {
        return series.sorted().findFirst().orElseThrow();
      }
    }
  }

  /** {@code score}'s arguments without {@code --spec} and its value. */
  private static String[] withoutSpec(List<String> arguments) {
    List<String> left = new ArrayList<>(arguments);
    int spec = left.indexOf("--spec");
    left.subList(spec, spec + 2).clear();
    return left.toArray(String[]::new);
  }

  private static CliRun score(Path in, Path output, String... more) {
    return CliRun.of(zoo.scoreArguments(in, output, more).toArray(String[]::new));
  }
}
