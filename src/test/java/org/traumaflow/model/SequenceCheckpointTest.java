package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.CheckpointIntegrityException;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SequenceCheckpointTest {
  static final SequenceModelConfig CONFIG = SequenceModelConfig.tiny(SequenceTask.BOWEL_EXTRAVASATION, EncoderName.EFFICIENTNET_V2_S);

  @TempDir Path dir;

  final List<SequenceSample> windows = SyntheticSequences.windows(3, 64, 16, 1, 8);

  /** A tiny model after two training steps, so that batch-norm statistics are not the defaults. */
  static SequenceModel trainedTinyModel(List<SequenceSample> batch) {
    SequenceModel model = SequenceModel.create(CONFIG, 11);
    Optimizer optimizer = Optimizer.adamW().build();
    SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 1));
    SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 2));
    return model;
  }

  static float[] probabilities(SequencePredictor predictor, List<SequenceSample> windows) {
    List<float[][]> all = predictor.predict(windows);
    float[] flat = new float[all.size() * 32 * predictor.task().outputs()];
    int i = 0;
    for (float[][] window : all) {
      for (float[] step : window) {
        for (float p : step) {
          flat[i++] = p;
        }
      }
    }
    return flat;
  }

  Path saved() throws IOException {
    Path checkpoint = dir.resolve("ckpt");
    try (SequenceModel model = trainedTinyModel(windows)) {
      SequenceCheckpoint.save(checkpoint, model);
    }
    return checkpoint;
  }

  @Test
  void aLoadedCheckpointGivesBitIdenticalProbabilities() throws IOException {
    Path checkpoint = dir.resolve("ckpt");
    SequenceModel model = trainedTinyModel(windows);
    SequenceCheckpoint.save(checkpoint, model);
    float[] before;
    try (SequencePredictor original = SequencePredictor.of(model, 2)) {
      before = probabilities(original, windows);
    }
    try (SequencePredictor loaded = SequencePredictor.load(checkpoint, 2)) {
      assertEquals(SequenceTask.BOWEL_EXTRAVASATION, loaded.task());
      assertArrayEquals(before, probabilities(loaded, windows));
    }
    try (SequenceModel loaded = SequenceCheckpoint.load(checkpoint)) {
      assertEquals(CONFIG, loaded.config());
      assertEquals(Optional.empty(), SequenceCheckpoint.progress(checkpoint), "saved outside a training run");
    }
    try (var files = Files.list(checkpoint)) {
      assertEquals(
          List.of(SequenceCheckpoint.CONFIG, SequenceCheckpoint.MANIFEST, SequenceCheckpoint.PARAMETERS),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files are left");
    }
  }

  @Test
  void aUnetHeadModelRoundTripsWithItsHeadTypeRecordedAndTheSameProbabilities() throws IOException {
    Path checkpoint = dir.resolve("unet");
    SequenceModel model = SequenceModel.create(CONFIG.withHead(AuxHead.UNET), 11);
    SequenceTrainer.trainStep(model, windows, Optimizer.adamW().build(), new EpochStep(1, 1));
    SequenceCheckpoint.save(checkpoint, model);
    float[] before;
    try (SequencePredictor original = SequencePredictor.of(model, 2)) {
      before = probabilities(original, windows);
    }
    assertTrue(Files.readString(checkpoint.resolve(SequenceCheckpoint.CONFIG)).contains("\"head\" : \"UNET\""));
    try (SequenceModel loaded = SequenceCheckpoint.load(checkpoint)) {
      assertEquals(AuxHead.UNET, loaded.config().head());
    }
    try (SequencePredictor loaded = SequencePredictor.load(checkpoint, 2)) {
      assertArrayEquals(before, probabilities(loaded, windows));
    }
  }

  @Test
  void aTamperedParameterFileIsRefusedByName() throws IOException {
    Path checkpoint = saved();
    Path parameters = checkpoint.resolve(SequenceCheckpoint.PARAMETERS);
    byte[] bytes = Files.readAllBytes(parameters);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(parameters, bytes);
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SequencePredictor.load(checkpoint));
    assertEquals(SequenceCheckpoint.PARAMETERS, e.file());
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void aTamperedConfigIsRefusedByName() throws IOException {
    Path checkpoint = saved();
    Path config = checkpoint.resolve(SequenceCheckpoint.CONFIG);
    Files.writeString(config, Files.readString(config).replace("\"gruHidden\" : 16", "\"gruHidden\" : 17"));
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SequenceCheckpoint.load(checkpoint));
    assertEquals(SequenceCheckpoint.CONFIG, e.file());
  }

  @Test
  void aCheckpointOfAnotherKindIsRefused() throws IOException {
    Path checkpoint = saved();
    Path manifest = checkpoint.resolve(SequenceCheckpoint.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace(SequenceCheckpoint.FORMAT, "traumaflow-seg-checkpoint/1"));
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SequenceCheckpoint.load(checkpoint));
    assertEquals(SequenceCheckpoint.MANIFEST, e.file());
  }
}
