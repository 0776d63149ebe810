package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.StudyPrediction;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.InMemoryWindows;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * Trains the tiny ResNet model once on seeded toy windows (16 training windows at 64 x 64, half
 * injured; 8 held out) with the method's augmentations and checks what it learned.
 */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinySequenceModelLearnsTest {
  static final int EPOCHS = 24;

  private List<SequenceSample> heldOut;
  private double untrained;
  private List<SequenceEpochReport> reports;
  private final StringWriter printed = new StringWriter();
  private Path checkpoints;

  @BeforeAll
  void train(@TempDir Path dir) throws IOException {
    List<SequenceSample> training = SyntheticSequences.windows(16, 64, 32, 100, 1);
    heldOut = SyntheticSequences.windows(8, 64, 32, 200, 2);
    SequenceTrainer trainer = SequenceTrainer.builder()
        .optEpochs(EPOCHS)
        .optBatchSize(4)
        .optLearningRate(3e-3f)
        .optSeed(5)
        .optCheckpointDir(dir)
        .optListener(SequenceTrainer.printingTo(new PrintWriter(printed)))
        .build();
    checkpoints = dir;
    try (SequenceModel model = SequenceModel.create(SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18), 3)) {
      untrained = SequenceTrainer.validationLoss(model, InMemoryWindows.of(heldOut), 4);
      reports = trainer.train(model, InMemoryWindows.of(training), InMemoryWindows.of(heldOut));
    }
  }

  @Test
  void theValidationLossFallsFarBelowTheUntrainedModels() {
    SequenceEpochReport last = reports.get(reports.size() - 1);
    assertTrue(last.validationLoss() < 0.6 * untrained, "untrained " + untrained + "\n" + printed);
  }

  @Test
  void everyEpochIsReportedAndOnlyTheLastCheckpointIsKept() throws IOException {
    assertEquals(EPOCHS, reports.size());
    String[] lines = printed.toString().split("\n");
    assertEquals(EPOCHS, lines.length);
    assertTrue(lines[0].startsWith("epoch 1/" + EPOCHS + "  loss ") && lines[0].contains("  val "), lines[0]);
    for (SequenceEpochReport r : reports) {
      assertEquals(4, r.steps()); // 8 injured + 8 healthy windows in batches of 4
    }
    assertTrue(reports.get(EPOCHS - 1).meanLoss() < reports.get(0).meanLoss(), printed.toString());
    assertEquals(0.0, reports.get(EPOCHS - 1).learningRate(), "the cosine ends at 0");
    assertEquals(new EpochCheckpoints(checkpoints).folder(EPOCHS), new EpochCheckpoints(checkpoints).latest().orElseThrow());
    try (var folders = java.nio.file.Files.list(checkpoints)) {
      assertEquals(1, folders.count());
    }
  }

  @Test
  void theTrainedMemberRanksInjuredHeldOutWindowsAboveHealthyOnes() throws IOException {
    try (SequencePredictor member = SequencePredictor.load(new EpochCheckpoints(checkpoints).latest().orElseThrow())) {
      List<float[][]> probabilities = member.predict(heldOut);
      float lowestInjured = 1;
      float highestHealthy = 0;
      for (int i = 0; i < heldOut.size(); i++) {
        float study = SequencePredictor.studyMax(List.<float[][]>of(probabilities.get(i)))[0]; // liver injury
        if (SequenceTask.ORGANS.maxTarget(InMemoryWindows.ref(heldOut.get(i))) > 0.5f) {
          lowestInjured = Math.min(lowestInjured, study);
        } else {
          highestHealthy = Math.max(highestHealthy, study);
        }
      }
      assertTrue(lowestInjured > highestHealthy, "injured >= " + lowestInjured + ", healthy <= " + highestHealthy + "\n" + printed);
    }
  }

  @Test
  void theTrainedMemberBeatsTheLabelPriorOnTheOfficialMetricForHeldOutPatients() throws IOException {
    // The synthetic injury is a liver laceration (low grade) with bowel injury and active bleeding.
    java.util.Map<Integer, PatientLabels> trainingTruth = new java.util.TreeMap<>();
    for (int i = 0; i < 16; i++) {
      trainingTruth.put(100 + i, labels(i % 2 == 0));
    }
    PriorBaseline prior = PriorBaseline.prevalence(trainingTruth);
    java.util.Map<Integer, PatientLabels> truth = new java.util.TreeMap<>();
    java.util.List<SubmissionRow> rows = new java.util.ArrayList<>();
    try (SequencePredictor member = SequencePredictor.load(new EpochCheckpoints(checkpoints).latest().orElseThrow())) {
      for (SequenceSample window : heldOut) {
        truth.put(window.patientId(), labels(SequenceTask.ORGANS.maxTarget(InMemoryWindows.ref(window)) > 0.5f));
        float[] study = member.predictStudy(List.of(window));
        java.util.Map<SliceTarget, Double> probabilities = new java.util.EnumMap<>(SliceTarget.class);
        for (int t = 0; t < study.length; t++) {
          probabilities.put(member.task().targets().get(t), Math.min(1 - 1e-6, Math.max(1e-6, study[t])));
        }
        rows.add(new StudyPrediction(window.patientId(), probabilities).toSubmissionRow(prior.rowFor(window.patientId())));
      }
    }
    double model = CompetitionMetric.score(truth, Submission.of("member", rows)).mean();
    double baseline = CompetitionMetric.score(truth, prior.submissionFor("prior", truth.keySet())).mean();
    assertTrue(model < baseline, "member " + model + " vs label prior " + baseline + "\n" + printed);
  }

  private static PatientLabels labels(boolean injured) {
    return new PatientLabels(injured, injured, Grade.HEALTHY, injured ? Grade.LOW : Grade.HEALTHY, Grade.HEALTHY);
  }
}
