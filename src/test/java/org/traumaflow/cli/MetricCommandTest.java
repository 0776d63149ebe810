package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.InMemoryCloudStorage;
import org.traumaflow.testing.SmallDataset;

/** {@code traumaflow metric} on the real train.csv, as a user scores a submission file. */
class MetricCommandTest {
  private static final String UNIFORM = ",0.5,0.5,0.5,0.5,0.3333333333333333,0.3333333333333333,0.3333333333333333"
      + ",0.3333333333333333,0.3333333333333333,0.3333333333333333,0.3333333333333333,0.3333333333333333,0.3333333333333333";

  @TempDir Path dir;

  private final Path train = SmallDataset.reference("train.csv");

  @Test
  void aUniformSubmissionScoresTheAnchorAsTextAndAsJson() throws IOException {
    Path submission = uniformSubmission(trainPatients());

    CliRun text = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString());
    assertEquals(0, text.exitCode(), text.stderr());
    List<String> lines = text.stdout().lines().toList();
    assertEquals(List.of("bowel", "extravasation", "kidney", "liver", "spleen", "any_injury", "score"),
        lines.stream().map(l -> l.split("\\s+")[0]).toList());
    assertEquals(0.884, Double.parseDouble(lines.get(6).split("\\s+")[1]), 5e-4);

    CliRun json = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString(), "--json");
    assertEquals(0, json.exitCode(), json.stderr());
    JsonNode score = new ObjectMapper().readTree(json.stdout());
    assertEquals(0.884, score.get("score").asDouble(), 5e-4);
    assertEquals(Math.log(2), score.get("bowel").asDouble(), 1e-12);
    assertEquals(3147, score.get("patients").asInt());
  }

  @Test
  void theTruthMayBeAnObjectInABucket() throws IOException {
    Path submission = uniformSubmission(trainPatients());
    ObjectStore.at("gs://metric-test/labels", InMemoryCloudStorage.client()).write("train.csv", Files.readAllBytes(train));

    CliRun fromBucket = CliRun.of("metric", "--truth", "gs://metric-test/labels/train.csv", "--submission", submission.toString());
    CliRun local = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString());

    assertEquals(0, fromBucket.exitCode(), fromBucket.stderr());
    assertEquals(local.stdout(), fromBucket.stdout());
  }

  @Test
  void predIsTheSameOptionAsSubmissionAndJsonNamesTheScoreAndTheSixGroupLosses() throws IOException {
    Path submission = uniformSubmission(trainPatients());

    CliRun pred = CliRun.of("metric", "--truth", train.toString(), "--pred", submission.toString(), "--json");
    CliRun named = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString(), "--json");

    assertEquals(0, pred.exitCode(), pred.stderr());
    assertEquals(named.stdout(), pred.stdout());
    JsonNode score = new ObjectMapper().readTree(pred.stdout());
    List<String> keys = new ArrayList<>();
    score.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("bowel", "extravasation", "kidney", "liver", "spleen", "any_injury", "score", "patients"), keys);
    double mean = 0;
    for (String group : keys.subList(0, 6)) {
      mean += score.get(group).asDouble() / 6;
    }
    assertEquals(mean, score.get("score").asDouble(), 1e-12);
  }

  @Test
  void aNaNInTheSubmissionExitsTwoWithOneErrorLine() throws IOException {
    List<String> patients = trainPatients();
    Path submission = uniformSubmission(patients);
    List<String> lines = Files.readAllLines(submission);
    lines.set(2, lines.get(2).replaceFirst(",0\\.5,", ",NaN,"));
    Files.write(submission, lines);

    CliRun run = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString());
    assertEquals(2, run.exitCode(), run.stdout());
    assertEquals(List.of("error: " + submission + ": line 3: patient " + patients.get(1) + ": bowel_healthy is NaN"), run.stderr().lines().toList());
    assertEquals("", run.stdout());
  }

  @Test
  void aSubmissionMissingPatientsExitsTwoNamingThem() throws IOException {
    List<String> patients = trainPatients();
    Path submission = uniformSubmission(patients.subList(1, patients.size()));
    CliRun run = CliRun.of("metric", "--truth", train.toString(), "--submission", submission.toString(), "--json");
    assertEquals(2, run.exitCode(), run.stdout());
    assertEquals(List.of("error: " + submission + ": no row for 1 of the truth's 3147 patients: " + patients.get(0)), run.stderr().lines().toList());
  }

  private List<String> trainPatients() throws IOException {
    return Files.readAllLines(train).stream().skip(1).map(l -> l.split(",")[0]).toList();
  }

  private Path uniformSubmission(List<String> patients) throws IOException {
    StringBuilder csv = new StringBuilder(Files.readAllLines(SmallDataset.reference("sample_submission.csv")).get(0)).append('\n');
    patients.forEach(p -> csv.append(p).append(UNIFORM).append('\n'));
    return Files.writeString(dir.resolve("submission.csv"), csv);
  }
}
