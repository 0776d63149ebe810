package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.report.SeriesMontage;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.Sha256;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.HeadlessChromium;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * {@code traumaflow score} end to end: a tiny zoo trained here, pinned by an ensemble spec,
 * scores the synthetic test split on the Direct runner and on embedded Flink; a changed
 * checkpoint is refused before scoring; a corrupt series is dead-lettered while the others score.
 */
@ExtendWith(SingleThreadedTorch.class)
public class ScorePipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEMBER = TinyZoo.MEMBER;
  @TempDir static Path dir;
  static Path segmentation;
  static Path preprocess;
  static Path zoo;
  static Path ensemble;
  static Path direct;
  static Path truth;

  @BeforeAll
  static void zooSpecAndDirectScore() throws Exception {
    TinyZoo tiny = TinyZoo.shared();
    segmentation = tiny.segmentation();
    preprocess = tiny.preprocess();
    zoo = tiny.runs();
    ensemble = tiny.ensemble();
    direct = dir.resolve("scored-direct");
    truth = writeTestTruth();
    CliRun run = score(SmallDataset.root(), zoo, direct, "--truth", truth.toString());
    assertEquals(0, run.exitCode(), run.stderr());
  }

  /** Labels for the test patients, which the synthetic data set does not label: every patient healthy. */
  private static Path writeTestTruth() throws IOException {
    List<String> lines = new ArrayList<>(List.of(String.join(",", LabelTables.TRAIN_COLUMNS)));
    for (int patient : SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv")).rows().keySet()) {
      lines.add(patient + ",1,0,1,0,1,0,0,1,0,0,1,0,0,0");
    }
    return Files.write(dir.resolve("test-truth.csv"), lines);
  }

  private static CliRun score(Path input, Path runs, Path output, String... beam) {
    return score(ensemble, preprocess, input, runs, output, beam);
  }

  private static CliRun score(Path ensembleSpec, Path preprocessSpec, Path input, Path runs, Path output, String... beam) {
    List<String> args = new ArrayList<>(List.of("score", "--input", input.toString(), "--output", output.toString(),
        "--segmentation-model", segmentation.toString(), "--ensemble", ensembleSpec.toString(), "--runs", runs.toString(),
        "--spec", preprocessSpec.toString()));
    args.addAll(List.of(beam));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** A JSON-lines output's records; other scoring tests read theirs with it too. */
  public static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void theTestSplitBecomesASubmissionInSampleSubmissionsFormatWithPredictions() throws Exception {
    Path sample = SmallDataset.root().resolve("sample_submission.csv");
    Path submitted = direct.resolve(ScorePipeline.SUBMISSION);
    assertEquals(Files.readAllLines(sample).get(0), Files.readAllLines(submitted).get(0), "the header, columns in order");
    assertEquals(String.join(",", LabelTables.SUBMISSION_COLUMNS), Files.readAllLines(submitted).get(0));
    Submission submission = SubmissionCsv.read(submitted);
    assertEquals(SubmissionCsv.read(sample).rows().keySet(), submission.rows().keySet(), "one row per test patient");
    for (SubmissionRow row : submission.rows().values()) {
      for (InjuryGroup group : InjuryGroup.values()) {
        double sum = 0;
        for (double share : row.normalised(group)) {
          sum += share;
        }
        assertEquals(1.0, sum, 1e-9, row.patientId() + " " + group);
      }
    }

    List<JsonNode> predictions = lines(direct.resolve(ScorePipeline.PREDICTIONS));
    assertEquals(submission.rows().size(), predictions.size());
    String specHash = Sha256.hex(Files.readAllBytes(ensemble));
    for (JsonNode p : predictions) {
      SubmissionRow row = submission.rows().get(p.get("patient_id").asInt());
      for (int i = 0; i < SubmissionRow.COLUMNS.size(); i++) {
        assertEquals(row.probabilities().get(i), p.get("probabilities").get(SubmissionRow.COLUMNS.get(i)).asDouble(), 0.0);
      }
      assertFalse(p.get("fallback").asBoolean());
      assertTrue(p.get("any_injury").asDouble() > 0 && p.get("any_injury").asDouble() < 1, p.toString());
      assertEquals(specHash, p.get("ensemble_sha256").asText());
      String series = p.get("series").get(0).asText();
      JsonNode scored = p.get("series_members").get(series);
      assertEquals(10, scored.get("members").get(MEMBER).size(), "the organ member's ten study probabilities");
      assertTrue(scored.has("crop_box"), p.toString());
      assertTrue(scored.get("curves").get(MEMBER).get("liver_injury").size() >= 32, "the liver injury's per-step curve over the windows");
    }
    assertTrue(lines(direct.resolve(ScorePipeline.DEAD_LETTERS)).isEmpty(), "every series scored");
  }

  @Test
  void embeddedFlinkWithTwoWorkersWritesTheSameSubmission() throws Exception {
    Path flink = dir.resolve("scored-flink");
    CliRun run = score(SmallDataset.root(), zoo, flink, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    assertEquals(0, run.exitCode(), run.stderr());
    assertArrayEquals(Files.readAllBytes(direct.resolve(ScorePipeline.SUBMISSION)), Files.readAllBytes(flink.resolve(ScorePipeline.SUBMISSION)));
    assertArrayEquals(Files.readAllBytes(direct.resolve(ScorePipeline.PREDICTIONS)), Files.readAllBytes(flink.resolve(ScorePipeline.PREDICTIONS)));
  }

  @Test
  void aChangedCheckpointIsRefusedNamingItsFileBeforeAnythingIsScored() throws Exception {
    Path tampered = dir.resolve("tampered-zoo");
    SmallDataset.copyTree(zoo, tampered);
    Path parameters = tampered.resolve("tiny-resnet18-organs/fold-1-seed-1/checkpoint/parameters.djl");
    byte[] bytes = Files.readAllBytes(parameters);
    bytes[bytes.length / 2] ^= 1;
    Files.write(parameters, bytes);
    Path output = dir.resolve("never-scored");
    CliRun run = score(SmallDataset.root(), tampered, output);
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + parameters + ": member '" + MEMBER + "': SHA-256 is "), run.stderr());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertFalse(Files.exists(output), "nothing was scored or written");
  }

  @Test
  void aMemberWhoseRunsWereTrainedOnAnotherVariantIsRefusedBeforeAnythingIsScored() throws Exception {
    Path theo = Files.writeString(dir.resolve("theo.yaml"), Files.readString(ensemble).replace("variant: ours", "variant: theo"));
    Path output = dir.resolve("never-scored-theo");
    CliRun run = score(theo, preprocess, SmallDataset.root(), zoo, output);
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + zoo.resolve("tiny-resnet18-organs/fold-0-seed-1/run.json") + ": member '" + MEMBER
        + "' is model tiny-resnet18-organs (theo), its run.json has this run as model tiny-resnet18-organs (ours)"), run.stderr());
    assertFalse(Files.exists(output), "nothing was scored or written");
  }

  @Test
  void withoutTrainCsvTheGroupNoMemberPredictsIsUniformAndTheLogSaysSo() throws Exception {
    Path input = SmallDataset.copyTo(dir.resolve("no-labels-input"));
    Files.delete(input.resolve("train.csv"));
    Path output = dir.resolve("scored-no-labels");
    CliRun run = score(input, zoo, output);
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("train.csv is absent") && run.stderr().contains("uniform row"), run.stderr());
    Submission submission = SubmissionCsv.read(output.resolve(ScorePipeline.SUBMISSION));
    Submission withPrior = SubmissionCsv.read(direct.resolve(ScorePipeline.SUBMISSION));
    for (SubmissionRow row : submission.rows().values()) {
      // The organs task predicts no extravasation: that group is the fallback's.
      assertEquals(0.5, row.probability("extravasation_healthy"), 0.0);
      assertEquals(0.5, row.probability("extravasation_injury"), 0.0);
      for (String column : List.of("bowel_injury", "liver_low", "kidney_high")) {
        assertEquals(withPrior.rows().get(row.patientId()).probability(column), row.probability(column), 0.0,
            column + ": the groups the model predicts do not depend on the fallback");
      }
    }
  }

  @Test
  void windowsTheModelsCannotTakeAreRefusedBeforeAnythingIsWritten() throws Exception {
    // 96 px windows for models trained on 64 px: every prediction would fail and every patient get
    // the fallback row, a submission that looks fine; refused before a study is read instead.
    Path wrongSize = Files.writeString(dir.resolve("preprocess-96.yaml"), Files.readString(preprocess).replace("size: 64", "size: 96"));
    Path output = dir.resolve("scored-wrong-size");
    CliRun run = score(ensemble, wrongSize, SmallDataset.root(), zoo, output);
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("member '" + MEMBER + "', run ") && run.stderr().contains(" was trained on 64 x 64 slices (")
        && run.stderr().contains(wrongSize + " makes 96 x 96 (sequences.size)"), run.stderr());
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void aCorruptSeriesIsDeadLetteredAndItsPatientKeepsTheFallbackRowWhileTheOthersScore() throws Exception {
    Path input = SmallDataset.copyTo(dir.resolve("corrupt-input"));
    Path series = firstTestSeries(input);
    String patient = series.getParent().getFileName().toString();
    String key = patient + "/" + series.getFileName();
    try (Stream<Path> slices = Files.list(series)) {
      for (Path slice : slices.toList()) {
        Files.write(slice, new byte[] {1, 2, 3});
      }
    }
    Path output = dir.resolve("scored-corrupt");
    CliRun run = score(input, zoo, output);
    assertEquals(0, run.exitCode(), run.stderr());

    List<JsonNode> letters = lines(output.resolve(ScorePipeline.DEAD_LETTERS));
    assertTrue(letters.stream().anyMatch(l -> l.get("item").asText().equals(key) && l.get("stage").asText().equals("read-series")),
        letters.toString());
    assertTrue(letters.stream().anyMatch(l -> l.get("item").asText().equals(patient) && l.get("stage").asText().equals("blend-patient")),
        "the patient with no scored series is reported as such: " + letters);

    Submission submission = SubmissionCsv.read(output.resolve(ScorePipeline.SUBMISSION));
    Submission sample = SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv"));
    assertEquals(sample.rows().keySet(), submission.rows().keySet(), "the corrupt series' patient is still in the submission");
    SubmissionRow prior = PriorBaseline.prevalence(LabelTables.readTrain(input.resolve("train.csv"))).rowFor(Integer.parseInt(patient));
    SubmissionRow row = submission.rows().get(Integer.parseInt(patient));
    for (InjuryGroup group : InjuryGroup.values()) {
      assertArrayEquals(prior.normalised(group), row.normalised(group), 1e-12, "the fallback row, the label prior");
    }
    Submission clean = SubmissionCsv.read(direct.resolve(ScorePipeline.SUBMISSION));
    for (int other : submission.rows().keySet()) {
      if (other != Integer.parseInt(patient)) {
        assertEquals(clean.rows().get(other), submission.rows().get(other), "patient " + other + " scored as without the corrupt series");
      }
    }

    assertFalse(Files.exists(output.resolve(SeriesMontage.file(patient, series.getFileName().toString()))), "no montage of the unread series");
    String report = Files.readString(output.resolve(ScoreReport.FILE));
    assertEquals(scoredSeries(output).size(), Pattern.compile("<img class=\"montage\"").matcher(report).results().count(),
        "the report shows the montages of the series that scored");

    // A nightly job that must fail loudly: same outputs, exit status 1.
    CliRun strict = score(input, zoo, dir.resolve("scored-corrupt-strict"), "--fail-on-dead-letters");
    assertEquals(1, strict.exitCode(), strict.stderr());
    assertTrue(strict.stderr().contains(letters.size() + " dead letters in "), strict.stderr());
  }

  @Test
  void aSecondRunIntoAnOutputBeingWrittenIsRefusedNamingTheFirst() throws Exception {
    Path output = dir.resolve("locked");
    try (org.traumaflow.storage.OutputLock first = org.traumaflow.storage.OutputLock.acquire(
        org.traumaflow.storage.ObjectStore.at(output.toString()), "score (nightly)", org.traumaflow.storage.OutputLock.DEFAULT_RECLAIM_AGE)) {
      CliRun second = score(SmallDataset.root(), zoo, output);
      assertEquals(2, second.exitCode(), second.stderr());
      assertTrue(second.stderr().startsWith("error: ") && second.stderr().contains("is being written by 'score (nightly)'"), second.stderr());
      assertFalse(Files.exists(output.resolve(ScorePipeline.SUBMISSION)), "the second run wrote nothing");
    }
  }

  @Test
  void aPatientWithTwoSeriesGetsTheMaxOfThemPerTarget() throws Exception {
    // The spec leaves series out: the seed's max. One member, so each series' blend is that member's
    // prediction; the liver group is then METHOD.md's scaling (low x1.5, high x3), normalised.
    Map<String, Long> seriesPerPatient = Files.readAllLines(SmallDataset.root().resolve("train_series_meta.csv")).stream().skip(1)
        .collect(Collectors.groupingBy(line -> line.split(",")[0], TreeMap::new, Collectors.counting()));
    String patient = seriesPerPatient.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).findFirst().orElseThrow();
    Path output = dir.resolve("scored-two-series");
    CliRun run = score(SmallDataset.root(), zoo, output, "--splits", "train", "--patients", patient);
    assertEquals(0, run.exitCode(), run.stderr());
    List<JsonNode> predictions = lines(output.resolve(ScorePipeline.PREDICTIONS));
    assertEquals(1, predictions.size());
    for (JsonNode p : predictions) {
      assertEquals(2, p.get("series").size(), p.toString());
      double injury = 0;
      double low = 0;
      double high = 0;
      for (JsonNode series : p.get("series")) {
        JsonNode member = p.get("series_members").get(series.asText()).get("members").get(MEMBER);
        injury = Math.max(injury, member.get("liver_injury").asDouble());
        low = Math.max(low, member.get("liver_low").asDouble());
        high = Math.max(high, member.get("liver_high").asDouble());
      }
      double sum = 1 - injury + 1.5 * low + 3 * high;
      JsonNode row = p.get("probabilities");
      assertEquals((1 - injury) / sum, row.get("liver_healthy").asDouble(), 1e-6, p.toString());
      assertEquals(1.5 * low / sum, row.get("liver_low").asDouble(), 1e-6, p.toString());
      assertEquals(3 * high / sum, row.get("liver_high").asDouble(), 1e-6, p.toString());
    }
  }

  @Test
  void withoutASegmentationModelScoreIsRefusedUnlessAskedForAndThenThePredictionsAndReportSayItScoredUncropped() throws Exception {
    String patient = Integer.toString(SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv")).rows().keySet().iterator().next());
    Path refused = dir.resolve("scored-no-segmentation-refused");
    List<String> args = List.of("score", "--input", SmallDataset.root().toString(), "--ensemble", ensemble.toString(), "--runs", zoo.toString(),
        "--spec", preprocess.toString(), "--patients", patient);
    CliRun forgotten = CliRun.of(Stream.concat(args.stream(), Stream.of("--output", refused.toString())).toArray(String[]::new));
    assertEquals(2, forgotten.exitCode(), forgotten.stderr());
    assertTrue(forgotten.stderr().contains("needs a segmentation model") && forgotten.stderr().contains("--no-segmentation"), forgotten.stderr());
    assertFalse(Files.exists(refused.resolve(ScorePipeline.SUBMISSION)), "nothing scored");

    Path uncropped = dir.resolve("scored-no-segmentation");
    CliRun asked = CliRun.of(Stream.concat(args.stream(), Stream.of("--output", uncropped.toString(), "--no-segmentation")).toArray(String[]::new));
    assertEquals(0, asked.exitCode(), asked.stderr());
    for (JsonNode p : lines(uncropped.resolve(ScorePipeline.PREDICTIONS))) {
      assertEquals("none", p.get("segmentation_sha256").asText(), p.toString());
      p.get("series_members").forEach(s -> assertFalse(s.has("crop_box"), "no crop box without a segmentation model"));
    }
    assertTrue(Files.readString(uncropped.resolve(ScoreReport.FILE)).contains(
        "none (--no-segmentation): every slice was scored uncropped, which no model saw in training"));
  }

  @Test
  void theReportRendersTheSummaryEveryPatientsThirteenProbabilitiesCurvesAndMontages() throws Exception {
    HeadlessChromium.requireInstalled();
    Path report = direct.resolve(ScoreReport.FILE);
    String dom = HeadlessChromium.dumpDom(report, Files.createDirectories(dir.resolve("chromium-dom")));
    Submission submission = SubmissionCsv.read(direct.resolve(ScorePipeline.SUBMISSION));
    Matcher summary = Pattern.compile("<table id=\"summary\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertTrue(summary.find(), dom);
    assertTrue(summary.group(1).contains("studies scored</th><td class=\"text\">" + submission.rows().size() + "<"), summary.group(1));
    assertTrue(summary.group(1).contains(Sha256.hex(Files.readAllBytes(ensemble))), "the ensemble's version");
    assertTrue(summary.group(1).contains(Sha256.hex(Files.readAllBytes(segmentation.resolve(CheckpointFiles.MANIFEST)))),
        "the segmentation model's version");
    Map<Integer, PatientLabels> labels = LabelTables.readTrain(truth);
    String metric = String.format(Locale.ROOT, "%.4f", CompetitionMetric.score(labels, submission).mean());
    assertTrue(summary.group(1).contains("official metric (mean of six log losses)</th><td class=\"text\">" + metric + "<"), summary.group(1));

    Matcher rows = Pattern.compile("<tr class=\"patient-row\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
    int patients = 0;
    while (rows.find()) {
      patients++;
      assertEquals(SubmissionRow.COLUMNS.size(), Pattern.compile("<td[ >]").matcher(rows.group(1)).results().count(), rows.group(1));
    }
    assertEquals(submission.rows().size(), patients, "one row of 13 probabilities per scored patient");
    assertTrue(Pattern.compile("<svg[^>]*class=\"curves\"").matcher(dom).results().count() >= patients, "a curve chart per series");
    assertTrue(Pattern.compile("<polyline[^>]*points=\"[0-9.]+,[0-9.]+ [0-9.]+,").matcher(dom).find(), "curves with several steps");
    List<String> scoredSeries = scoredSeries(direct);
    assertEquals(scoredSeries.size(), Pattern.compile("<img class=\"montage\"[^>]*src=\"data:image/png;base64,").matcher(dom).results().count(),
        "one montage per scored series");
    for (String key : scoredSeries) {
      String[] ids = key.split("/");
      assertTrue(Files.isRegularFile(direct.resolve(SeriesMontage.file(ids[0], ids[1]))), key + "'s montage is written beside the report");
    }
  }

  @Test
  void theReportsMontagesLoadInABrowserAndNothingComesFromTheNetwork() throws Exception {
    HeadlessChromium.requireInstalled();
    Path report = direct.resolve(ScoreReport.FILE);
    List<Integer> widths = HeadlessChromium.imageWidths(report, Files.createDirectories(dir.resolve("chromium-images")));
    assertEquals(scoredSeries(direct).size(), widths.size(), "an image per scored series");
    assertTrue(widths.stream().allMatch(w -> w > 0), "every image decodes: " + widths);
    // The SVG namespace is a name, not a fetch; any other URL would be.
    String html = Files.readString(report).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertFalse(Pattern.compile("https?:|(?:src|href)=\"//|url\\(|@import", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no network URL in the report");
    assertTrue(Pattern.compile("\\ssrc=\"(?!data:image/png;base64,)").matcher(html).results().findAny().isEmpty(), "every src is a data URI");
  }

  /** {@code patient/series} of every series in {@code output}'s predictions. */
  private static List<String> scoredSeries(Path output) throws IOException {
    List<String> keys = new ArrayList<>();
    for (JsonNode p : lines(output.resolve(ScorePipeline.PREDICTIONS))) {
      p.get("series").forEach(s -> keys.add(p.get("patient_id").asText() + "/" + s.asText()));
    }
    return keys;
  }

  @Test
  void theReportsScreenshotIsNotBlank() throws Exception {
    HeadlessChromium.requireInstalled();
    // Kept beside the build's other outputs: docs/report-screenshot.png is this file.
    HeadlessChromium.keptScreenshot(direct.resolve(ScoreReport.FILE), Path.of("target", "report-demo", "report-screenshot.png"), 1200, 1600,
        Files.createDirectories(dir.resolve("chromium-shot")));
  }

  private static Path firstTestSeries(Path input) throws IOException {
    try (Stream<Path> patients = Files.list(input.resolve("test_images")).sorted()) {
      Path patient = patients.findFirst().orElseThrow();
      try (Stream<Path> series = Files.list(patient).sorted()) {
        return series.findFirst().orElseThrow();
      }
    }
  }
}
