package org.traumaflow.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.model.SequenceCheckpoint;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.pipeline.score.ScorePipeline;
import org.traumaflow.pipeline.score.ScorePipelineTest;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.StageTwoDataset;
import org.traumaflow.testing.TinyZoo;
import org.traumaflow.testing.TorchReference;
import org.traumaflow.zoo.RunFiles;

/**
 * A zoo model on a TorchScript encoder (torchvision's ResNet-18, exported at test time by
 * {@code scripts/export_encoder.py}) from the command line: {@code train} fine-tunes and
 * publishes it, {@code tune-ensemble} takes it from the registry and {@code score} scores the
 * test patients with it; specs that misuse {@code encoder_path} are refused before anything trains.
 */
@ExtendWith(SingleThreadedTorch.class)
class TorchScriptEncoderZooTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "scripted-resnet18-organs";
  private static final String RUN = MODEL + "/fold-0-seed-1";
  @TempDir static Path dir;
  static Path dataset;
  static Path encoder;
  static String spec;

  @BeforeAll
  static void datasetEncoderAndSpec() throws IOException {
    TorchReference.requireInstalled();
    dataset = StageTwoDataset.make(dir);
    encoder = dir.resolve("resnet18.pt");
    ReferenceTools.run(ReferenceTools.PYTHON, "scripts/export_encoder.py", "--arch", "resnet18", "--size", "64", "--out", encoder.toString());
    // One epoch of one fold: the method's head on the exported encoder at the dataset's 64 px.
    spec = "data: build/dataset\nfolds: 2\nmodels:\n  - name: " + MODEL + "\n    encoder: torchscript\n    encoder_path: " + encoder
        + "\n    preset: method\n    task: organs\n    variant: ours\n    size: 64\n    epochs: 1\n    batch_size: 2\n"
        + "    learning_rate: 1.0e-3\n    warmup_epochs: 0\n    folds: [0]\n    seeds: [1]\n";
  }

  @Test
  void trainsTheEncoderAndTheTunedEnsembleScoresEveryTestPatient() throws Exception {
    Path runs = dir.resolve("zoo");
    CliRun train = CliRun.of("train", "--spec", Files.writeString(dir.resolve("train.yaml"), spec).toString(), "--data", dataset.toString(),
        "--output", runs.toString());
    assertEquals(0, train.exitCode(), train.stderr());
    assertTrue(RunFiles.completed(new LocalObjectStore(runs.resolve(RUN))).isPresent(), "the run is published and verifies");
    JsonNode registry = JSON.readTree(runs.resolve(TrainPipeline.REGISTRY).toFile());
    assertEquals(RUN, registry.get("runs").get(0).get("id").asText(), registry.toString());
    try (SequenceModel trained = SequenceCheckpoint.load(runs.resolve(RUN).resolve(RunFiles.CHECKPOINT));
        SequenceModel exported = SequenceModel.create(trained.config(), encoder, 1)) {
      assertFalse(Arrays.equals(stem(exported), stem(trained)), "the checkpoint holds the fine-tuned encoder, not the exported one");
    }

    Path ensemble = dir.resolve("ensemble.yaml");
    CliRun tune = CliRun.of("tune-ensemble", "--registry", runs.resolve(TrainPipeline.REGISTRY).toString(),
        "--truth", dataset.resolve(MakeVolumesPipeline.TRAIN_CSV).toString(), "--output", ensemble.toString());
    assertEquals(0, tune.exitCode(), tune.stderr());

    Path scored = dir.resolve("scored");
    // The segmentation model and preprocessing spec the dataset was made with, as TinyZoo's are.
    TinyZoo zoo = new TinyZoo(dir.resolve("seg"), dir.resolve("preprocess.yaml"), runs, ensemble);
    CliRun score = CliRun.of(zoo.scoreArguments(SmallDataset.root(), scored).toArray(String[]::new));
    assertEquals(0, score.exitCode(), score.stderr());
    Submission submission = SubmissionCsv.read(scored.resolve(ScorePipeline.SUBMISSION));
    assertEquals(SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv")).rows().keySet(), submission.rows().keySet());
    for (SubmissionRow row : submission.rows().values()) {
      for (double p : row.probabilities()) {
        assertTrue(p >= 0 && p <= 1, row.patientId() + ": " + row.probabilities());
      }
    }
    for (JsonNode patient : ScorePipelineTest.lines(scored.resolve(ScorePipeline.PREDICTIONS))) {
      assertFalse(patient.get("fallback").asBoolean(), patient.toString());
      JsonNode series = patient.get("series_members").get(patient.get("series").get(0).asText());
      assertEquals(10, series.get("members").get(MODEL).size(), "the scripted member's ten study probabilities: " + patient);
    }
  }

  /** The scripted ResNet's first convolution (torchvision's conv1.weight). */
  private static float[] stem(SequenceModel model) {
    return model.block().getParameters().stream().filter(p -> p.getKey().contains("conv1.weight")).findFirst().orElseThrow()
        .getValue().getArray().toFloatArray();
  }

  @Test
  void specsThatMisuseEncoderPathAreRefusedBeforeAnythingTrains() throws Exception {
    Path notAnEncoder = dir.resolve("conv.pt");
    ReferenceTools.run(ReferenceTools.PYTHON, "-c", "import sys, torch; torch.jit.script(torch.nn.Conv2d(3, 8, 3)).save(sys.argv[1])",
        notAnEncoder.toString());
    String at = "model '" + MODEL + "': ";
    record Fault(String replace, String with, String refusal) {}
    List<Fault> faults = List.of(
        new Fault("    encoder_path: " + encoder + "\n", "", at + "encoder: torchscript needs encoder_path"),
        new Fault("encoder: torchscript", "encoder: resnet18", at + "encoder_path is the file of an encoder: torchscript, not of resnet18"),
        new Fault("encoder_path: " + encoder, "encoder_path: " + notAnEncoder, at + "encoder_path: " + notAnEncoder + ": not a stage-2 encoder"));
    for (Fault fault : faults) {
      Path bad = Files.writeString(dir.resolve("bad.yaml"), spec.replace(fault.replace(), fault.with()));
      Path output = dir.resolve("never");
      CliRun run = CliRun.of("train", "--spec", bad.toString(), "--data", dataset.toString(), "--output", output.toString());
      assertEquals(2, run.exitCode(), fault + ": " + run.stderr());
      assertTrue(run.stderr().startsWith("error: " + bad + ": " + fault.refusal()), run.stderr());
      assertFalse(Files.exists(output), "nothing was written for " + fault);
    }
  }
}
