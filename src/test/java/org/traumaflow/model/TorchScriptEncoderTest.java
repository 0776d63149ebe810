package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.Gradients;
import org.traumaflow.testing.InMemoryWindows;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TorchReference;

/**
 * torchvision's ResNet-18, scripted at test time by {@code scripts/export_encoder.py}, as the
 * encoder of a stage-2 network trained in the DJL loop.
 */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchScriptEncoderTest {
  Path dir;
  Path encoder;
  SequenceModelConfig config;
  final List<SequenceSample> windows = SyntheticSequences.windows(2, 64, 16, 1, 6);

  @BeforeAll
  void exportWithPyTorch(@TempDir Path folder) throws IOException {
    TorchReference.requireInstalled();
    dir = folder;
    encoder = dir.resolve("resnet18.pt");
    ReferenceTools.run(ReferenceTools.PYTHON, "scripts/export_encoder.py", "--arch", "resnet18", "--out", encoder.toString());
    config = SequenceModelConfig.scripted(SequenceTask.ORGANS, 64, ScriptedEncoder.probe(encoder, 64)).withGruHidden(16);
  }

  @Test
  void theProbeReadsTheEncodersShape() {
    assertEquals(new EncoderShape(256, 512, 512), config.scriptedEncoder());
  }

  @Test
  void everyParameterOfEncoderGruAndHeadsGetsAGradientAndTrainingChangesTheEncoder() throws IOException {
    try (SequenceModel model = SequenceModel.create(config, encoder, 3)) {
      try (NDManager manager = model.model().getNDManager().newSubManager()) {
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
          SequenceBatch batch = SequenceBatch.of(manager, config, windows);
          NDList outputs = model.block().forward(new ParameterStore(manager, false), new NDList(batch.images()), true);
          assertEquals(new ai.djl.ndarray.types.Shape(2, 32, 10), outputs.get(0).getShape());
          collector.backward(SequenceLoss.of(outputs, batch, (float) config.auxLossWeight()));
        }
      }
      Gradients.assertEveryParameterHasAGradient(model.block(), 60);
      float[] before = encoderWeight(model);
      SequenceTrainer.trainStep(model, windows, Optimizer.adamW().build(), new EpochStep(1, 1));
      assertFalse(java.util.Arrays.equals(before, encoderWeight(model)), "AdamW moved the TorchScript encoder's weights");
    }
  }

  @Test
  void theValidationLossRunsOnAThreadThatRecordsGradients() throws Exception {
    // A new thread starts with PyTorch's grad mode on, as a pipeline worker's does; the encoder's
    // inference-mode outputs cannot join a recorded graph.
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (SequenceModel model = SequenceModel.create(config, encoder, 6)) {
      double loss = worker.submit(() -> SequenceTrainer.validationLoss(model, InMemoryWindows.of(windows), 2)).get();
      assertTrue(Double.isFinite(loss), "validation loss " + loss);
    } finally {
      worker.shutdown();
    }
  }

  /** The first convolution's weights of the scripted ResNet. */
  static float[] encoderWeight(SequenceModel model) {
    return model.block().getParameters().stream()
        .filter(p -> p.getKey().contains("conv1.weight"))
        .findFirst()
        .orElseThrow()
        .getValue().getArray().toFloatArray();
  }

  @Test
  void aCheckpointCarriesTheEncoderAndGivesIdenticalProbabilities() throws IOException {
    Path checkpoint = dir.resolve("ckpt");
    SequenceModel model = SequenceModel.create(config, encoder, 4);
    SequenceTrainer.trainStep(model, windows, Optimizer.adamW().build(), new EpochStep(1, 1));
    SequenceCheckpoint.save(checkpoint, model);
    float[] before;
    try (SequencePredictor original = SequencePredictor.of(model, 2)) {
      before = SequenceCheckpointTest.probabilities(original, windows);
    }
    try (SequencePredictor loaded = SequencePredictor.load(checkpoint, 2)) {
      assertArrayEquals(before, SequenceCheckpointTest.probabilities(loaded, windows));
    }
  }

  @Test
  void resumingATorchScriptEncoderIsRefusedWithTheReason() throws IOException {
    Path run = dir.resolve("run");
    SequenceTrainer.Builder trainer = SequenceTrainer.builder().optEpochs(2).optBatchSize(2).optCheckpointDir(run);
    try (SequenceModel model = SequenceModel.create(config, encoder, 5)) {
      SequenceTrainer stopping = trainer.optListener(report -> {
        throw new IllegalStateException("stop after epoch " + report.epoch());
      }).build();
      assertThrows(IllegalStateException.class, () -> stopping.train(model, InMemoryWindows.of(windows), InMemoryWindows.of(List.of())));
    }
    try (SequenceModel model = SequenceModel.create(config, encoder, 5)) {
      IOException e = assertThrows(IOException.class, () -> trainer.optResume(true).optListener(r -> {}).build().train(model, InMemoryWindows.of(windows), InMemoryWindows.of(List.of())));
      assertTrue(e.getMessage().contains("TorchScript encoder is not supported"), e.getMessage());
    }
  }
}
