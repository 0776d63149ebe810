package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.storage.CheckpointIntegrityException;
import org.traumaflow.storage.Sha256;
import org.traumaflow.testing.SingleThreadedTorch;

@ExtendWith(SingleThreadedTorch.class)
class SegmentationCheckpointTest {
  @TempDir Path dir;


  static float[] logits(SegmentationModel model, float[] input) {
    try (NDManager manager = model.model().getNDManager().newSubManager()) {
      NDArray x = manager.create(input, model.config().inputShape(1));
      return model.block().forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }
  }

  /** A tiny model after two training steps, so that batch-norm statistics are not the defaults. */
  static SegmentationModel trainedTinyModel() {
    SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 11);
    List<SegmentationSample> batch = SyntheticOrgans.chunks(SyntheticOrgans.studies(2, 32, 32, 5), 32);
    var optimizer = ai.djl.training.optimizer.Optimizer.adamW().build();
    SegmentationTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 1));
    SegmentationTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 2));
    return model;
  }

  Path saved() throws IOException {
    Path checkpoint = dir.resolve("ckpt");
    try (SegmentationModel model = trainedTinyModel()) {
      SegmentationCheckpoint.save(checkpoint, model);
    }
    return checkpoint;
  }

  @Test
  void aLoadedCheckpointGivesBitIdenticalLogits() throws IOException {
    float[] input = SyntheticOrgans.study("X", 32, 32, 9).volume();
    Path checkpoint = dir.resolve("ckpt");
    float[] before;
    try (SegmentationModel model = trainedTinyModel()) {
      before = logits(model, input);
      SegmentationCheckpoint.save(checkpoint, model);
    }
    try (SegmentationEnsemble loaded = SegmentationCheckpoint.load(checkpoint)) {
      assertEquals(SegmentationConfig.tiny(), loaded.config());
      assertEquals(1, loaded.models().size());
      assertArrayEquals(before, logits(loaded.models().get(0), input));
    }
    try (Stream<Path> files = Files.list(checkpoint)) {
      assertEquals(
          List.of(SegmentationCheckpoint.CONFIG, SegmentationCheckpoint.FOLDS, SegmentationCheckpoint.MANIFEST, SegmentationCheckpoint.parameters(0)),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files are left");
    }
  }

  @Test
  void theManifestListsEveryFileWithItsSha256() throws IOException {
    Path checkpoint = saved();
    var manifest = new ObjectMapper().readTree(checkpoint.resolve(SegmentationCheckpoint.MANIFEST).toFile());
    assertEquals(SegmentationCheckpoint.FORMAT, manifest.get("format").asText());
    assertEquals(3, manifest.get("files").size());
    for (var entry : manifest.get("files")) {
      byte[] bytes = Files.readAllBytes(checkpoint.resolve(entry.get("path").asText()));
      assertEquals(Sha256.hex(bytes), entry.get("sha256").asText());
      assertEquals(bytes.length, entry.get("bytes").asLong());
    }
  }

  @Test
  void aTamperedParameterFileIsRefusedByName() throws IOException {
    Path checkpoint = saved();
    Path parameters = checkpoint.resolve(SegmentationCheckpoint.parameters(0));
    byte[] bytes = Files.readAllBytes(parameters);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(parameters, bytes);
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SegmentationCheckpoint.load(checkpoint));
    assertEquals(SegmentationCheckpoint.parameters(0), e.file());
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void aTamperedConfigIsRefusedByName() throws IOException {
    Path checkpoint = saved();
    Path config = checkpoint.resolve(SegmentationCheckpoint.CONFIG);
    Files.writeString(config, Files.readString(config).replace("\"outputs\" : 5", "\"outputs\" : 4"));
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SegmentationCheckpoint.load(checkpoint));
    assertEquals(SegmentationCheckpoint.CONFIG, e.file());
  }

  @Test
  void aFileMissingFromTheManifestIsRefused() throws IOException {
    Path checkpoint = saved();
    Path manifestFile = checkpoint.resolve(SegmentationCheckpoint.MANIFEST);
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
    ArrayNode files = (ArrayNode) manifest.get("files");
    for (int i = files.size() - 1; i >= 0; i--) {
      if (files.get(i).get("path").asText().equals(SegmentationCheckpoint.parameters(0))) {
        files.remove(i);
      }
    }
    json.writeValue(manifestFile.toFile(), manifest);
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SegmentationCheckpoint.load(checkpoint));
    assertEquals(SegmentationCheckpoint.parameters(0), e.file());
    assertTrue(e.getMessage().contains("not listed"), e.getMessage());
  }

  @Test
  void aListedFileThatIsGoneIsRefusedByName() throws IOException {
    Path checkpoint = saved();
    Files.delete(checkpoint.resolve(SegmentationCheckpoint.parameters(0)));
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SegmentationCheckpoint.load(checkpoint));
    assertEquals(SegmentationCheckpoint.parameters(0), e.file());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void aFolderWithoutManifestIsNotACheckpoint() throws IOException {
    Path checkpoint = saved();
    Files.delete(checkpoint.resolve(SegmentationCheckpoint.MANIFEST));
    CheckpointIntegrityException e = assertThrows(CheckpointIntegrityException.class, () -> SegmentationCheckpoint.load(checkpoint));
    assertEquals(SegmentationCheckpoint.MANIFEST, e.file());
  }

  @Test
  void savingAgainOverwritesTheCheckpoint() throws IOException {
    Path checkpoint = saved();
    try (SegmentationModel other = SegmentationModel.create(SegmentationConfig.tiny(), 99)) {
      SegmentationCheckpoint.save(checkpoint, other);
      float[] input = SyntheticOrgans.study("Y", 32, 32, 3).volume();
      try (SegmentationEnsemble loaded = SegmentationCheckpoint.load(checkpoint)) {
        assertArrayEquals(logits(other, input), logits(loaded.models().get(0), input));
      }
    }
  }

  /**
   * Two untrained tiny models, of seeds 1 and 2 (the same seed gives the same weights), saved as
   * folds 0 and 2 of 3 with every fold model kept.
   */
  static Path twoFoldCheckpoint(Path checkpoint) throws IOException {
    try (SegmentationModel a = SegmentationModel.create(SegmentationConfig.tiny(), 1);
        SegmentationModel b = SegmentationModel.create(SegmentationConfig.tiny(), 2)) {
      SegmentationCheckpoint.writer(checkpoint, SegmentationConfig.tiny())
          .add(FoldMember.of(0, new double[] {0.9, 0.8, 0.7, 0.7, 0.5}), a)
          .add(FoldMember.of(2, new double[] {0.8, 0.8, 0.8, 0.8, 0.6}), b)
          .commit(FoldSelection.MEAN, 3);
    }
    return checkpoint;
  }

  @Test
  void aCheckpointOfSeveralFoldsKeepsEachModelAndItsHeldOutDice() throws IOException {
    Path checkpoint = twoFoldCheckpoint(dir.resolve("folds"));
    float[] input = SyntheticOrgans.study("F", 32, 32, 4).volume();
    try (SegmentationEnsemble loaded = SegmentationCheckpoint.load(checkpoint);
        SegmentationModel first = SegmentationModel.create(SegmentationConfig.tiny(), 1);
        SegmentationModel second = SegmentationModel.create(SegmentationConfig.tiny(), 2)) {
      assertEquals(FoldSelection.MEAN, loaded.folds().selection());
      assertEquals(3, loaded.folds().folds());
      assertEquals(List.of(0, 2), loaded.folds().members().stream().map(FoldMember::fold).toList());
      assertEquals(0.8, loaded.folds().members().get(1).heldOutDice().get(0), 1e-12);
      assertArrayEquals(logits(first, input), logits(loaded.models().get(0), input));
      assertArrayEquals(logits(second, input), logits(loaded.models().get(1), input));
    }
  }

  @Test
  void aBestFoldCheckpointHoldsExactlyOneModel() throws IOException {
    try (SegmentationModel a = SegmentationModel.create(SegmentationConfig.tiny(), 1);
        SegmentationModel b = SegmentationModel.create(SegmentationConfig.tiny(), 2)) {
      SegmentationCheckpoint.Writer writer = SegmentationCheckpoint.writer(dir.resolve("best"), SegmentationConfig.tiny())
          .add(FoldMember.of(0, new double[0]), a).add(FoldMember.of(1, new double[0]), b);
      assertThrows(IllegalArgumentException.class, () -> writer.commit(FoldSelection.BEST, 2));
    }
  }
}
