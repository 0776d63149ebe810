package org.traumaflow.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.Grade;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SmallDataset;

/** The metric against METHOD.md's anchors on the real train.csv, an independent Python reference, and hand-worked cases. */
class CompetitionMetricTest {
  private static Path trainCsv;
  private static Map<Integer, PatientLabels> train;

  @TempDir Path dir;

  @BeforeAll
  static void readTrain() throws IOException {
    trainCsv = SmallDataset.reference("train.csv");
    train = LabelTables.readTrain(trainCsv);
  }

  @Test
  void uniformPredictionsScoreTheAnchor0884() throws IOException {
    List<SubmissionRow> rows = train.keySet().stream()
        .map(p -> row(p, 0.5, 0.5, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3))
        .toList();
    CompetitionScore score = CompetitionMetric.score(train, Submission.of("uniform", rows));
    assertEquals(0.884, score.mean(), 5e-4);
    assertEquals(Math.log(2), score.bowel(), 1e-12, "a uniform guess costs ln 2 whatever the weights");
    assertEquals(Math.log(3), score.liver(), 1e-12, "and ln 3 for three classes");
  }

  @Test
  void classPrevalenceScoresTheAnchor0786() throws IOException {
    assertEquals(0.786, CompetitionMetric.score(train, PriorBaseline.prevalence(train).submissionFor("prior", train.keySet())).mean(), 5e-4);
  }

  @Test
  void weightScaledPrevalenceScoresTheAnchor0609() throws IOException {
    assertEquals(0.609, CompetitionMetric.score(train, PriorBaseline.weightedPrevalence(train).submissionFor("prior", train.keySet())).mean(), 5e-4);
  }

  @Test
  void agreesWithTheIndependentPythonReferenceOnRandomSubmissions() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (long seed = 1; seed <= 4; seed++) {
      Path file = dir.resolve("random-" + seed + ".csv");
      SubmissionCsv.write(file, randomSubmission(new Random(seed)));
      CompetitionScore score = CompetitionMetric.score(train, SubmissionCsv.read(file));
      JsonNode reference = json.readTree(ReferenceTools.python("reference/metric_reference.py", trainCsv.toString(), file.toString()));
      score.losses().forEach((name, loss) -> assertEquals(reference.get(name).asDouble(), loss, 1e-9, name));
      assertEquals(reference.get("score").asDouble(), score.mean(), 1e-9, "score, seed " + seed);
    }
  }

  @Test
  void injuredPatientsWeighMoreAndAnyInjuryIsTheMostInjuredGroup() throws IOException {
    Map<Integer, PatientLabels> truth = Map.of(
        1, PatientLabels.HEALTHY,
        2, new PatientLabels(false, true, Grade.HEALTHY, Grade.HEALTHY, Grade.HEALTHY));
    double[] probabilities = {0.9, 0.1, 0.8, 0.2, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05};
    CompetitionScore score = CompetitionMetric.score(truth, Submission.of("s", List.of(row(1, probabilities), row(2, probabilities))));
    double extravasation = (1 * -Math.log(0.8) + 6 * -Math.log(0.2)) / 7;
    assertEquals(extravasation, score.extravasation(), 1e-12, "the injured patient weighs 6");
    assertEquals(-Math.log(0.9), score.kidney(), 1e-12);
    assertEquals(extravasation, score.anyInjury(), 1e-12, "p(any injury) = 1 - 0.8, the least healthy group, weight 6 for the injured");
  }

  @Test
  void unnormalisedGroupsAreDividedByTheirSum() throws IOException {
    Map<Integer, PatientLabels> truth = Map.of(1, PatientLabels.HEALTHY);
    CompetitionScore tenfold = CompetitionMetric.score(truth, Submission.of("s", List.of(row(1, 9, 1, 8, 2, 9, 0.5, 0.5, 9, 0.5, 0.5, 9, 0.5, 0.5))));
    CompetitionScore plain = CompetitionMetric.score(truth, Submission.of("s", List.of(row(1, 0.9, 0.1, 0.8, 0.2, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05))));
    assertEquals(plain.mean(), tenfold.mean(), 1e-12);
  }

  @Test
  void aCertainWrongAnswerCostsMinusLogEpsilonAndACertainRightOneNothing() throws IOException {
    Map<Integer, PatientLabels> truth = Map.of(1, new PatientLabels(false, false, Grade.HEALTHY, Grade.HIGH, Grade.HEALTHY));
    CompetitionScore score = CompetitionMetric.score(truth, Submission.of("s", List.of(row(1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0))));
    assertEquals(-Math.log(0x1p-52), score.liver(), 1e-6, "clipped at numpy's float64 eps, as sklearn 1.2 and later");
    assertEquals(-Math.log(0x1p-52), score.anyInjury(), 1e-6);
    assertEquals(0, score.bowel(), 1e-12);
  }

  @Test
  void aTruthWithoutInjuriesStillScoresAnyInjury() throws IOException {
    Map<Integer, PatientLabels> truth = Map.of(1, PatientLabels.HEALTHY, 2, PatientLabels.HEALTHY);
    double[] probabilities = {0.9, 0.1, 0.9, 0.1, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05};
    CompetitionScore score = CompetitionMetric.score(truth, Submission.of("s", List.of(row(1, probabilities), row(2, probabilities))));
    assertEquals(-Math.log(0.9), score.anyInjury(), 1e-12);
  }

  @Test
  void aPatientOfTheTruthMissingFromTheSubmissionIsAnErrorNamingIt() {
    Map<Integer, PatientLabels> truth = firstPatients(3);
    List<Integer> ids = new ArrayList<>(truth.keySet());
    Submission submission = PriorBaseline.prevalence(truth).submissionFor("sub.csv", ids.subList(0, 2));
    LabelFileException e = assertThrows(LabelFileException.class, () -> CompetitionMetric.score(truth, submission));
    assertEquals("sub.csv", e.file());
    assertTrue(e.getMessage().contains("no row for 1 of the truth's 3 patients: " + ids.get(2)), e.getMessage());
  }

  @Test
  void aPatientNotInTheTruthIsAnErrorNamingIt() {
    Map<Integer, PatientLabels> truth = firstPatients(2);
    List<Integer> ids = new ArrayList<>(truth.keySet());
    ids.add(99);
    Submission submission = PriorBaseline.prevalence(truth).submissionFor("sub.csv", ids);
    LabelFileException e = assertThrows(LabelFileException.class, () -> CompetitionMetric.score(truth, submission));
    assertTrue(e.getMessage().startsWith("sub.csv: 1 patients not in the truth: 99"), e.getMessage());
  }

  /**
   * Probabilities of every kind the metric must treat as Kaggle does: ordinary, exactly 0, below
   * and near the clipping epsilon, far above 1 (groups are divided by their sum), and rows that
   * are certain of one class.
   */
  private static Submission randomSubmission(Random random) {
    List<SubmissionRow> rows = new ArrayList<>();
    for (int patient : train.keySet()) {
      double[] p = new double[SubmissionRow.COLUMNS.size()];
      boolean certain = random.nextInt(10) == 0;
      for (int i = 0; i < p.length; i++) {
        p[i] = switch (random.nextInt(certain ? 2 : 6)) {
          case 0 -> 0;
          case 1 -> random.nextDouble() * 1e-14;
          case 2 -> random.nextDouble() * 1000;
          default -> random.nextDouble();
        };
      }
      for (InjuryGroup group : InjuryGroup.values()) {
        p[group.firstColumn() + random.nextInt(group.classes())] += certain ? 1 : 0.01;
      }
      rows.add(row(patient, p));
    }
    return Submission.of("random", rows);
  }

  private static Map<Integer, PatientLabels> firstPatients(int n) {
    Map<Integer, PatientLabels> first = new TreeMap<>();
    train.entrySet().stream().limit(n).forEach(e -> first.put(e.getKey(), e.getValue()));
    return first;
  }

  private static SubmissionRow row(int patient, double... probabilities) {
    return new SubmissionRow(patient, java.util.Arrays.stream(probabilities).boxed().toList());
  }
}
