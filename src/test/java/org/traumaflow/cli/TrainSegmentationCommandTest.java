package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.seg.FoldSelection;
import org.traumaflow.seg.OrganSegmenter;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * {@code train-segmentation}'s folds as a user runs them, on six generated patients at 64 px for
 * one epoch (what is checked is which fold models are trained and kept, not what they learned).
 */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainSegmentationCommandTest {
  private Path dir;
  private Path data;

  @BeforeAll
  void generate(@TempDir Path tmp) throws IOException {
    dir = tmp;
    data = dir.resolve("data");
    SyntheticDataset.generate(SynthConfig.defaults(data, 6).withTestPatients(0).withSize(64).withMaxSlices(64).withSeed(3),
        SyntheticDataset.Progress.NONE);
  }

  private JsonNode train(Path model, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("train-segmentation", "--input", data.toString(), "--output", model.toString(),
        "--model", "tiny", "--size", "64", "--folds", "2", "--epochs", "1", "--batch-size", "2"));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.stderr());
    return new ObjectMapper().readTree(model.resolve("training.json").toFile());
  }

  @Test
  void everyFoldIsTrainedAndInferenceAveragesThemAll() throws Exception {
    Path model = dir.resolve("mean");
    JsonNode record = train(model);
    assertEquals(List.of(0, 1), folds(record.get("trained"), "fold"));
    assertEquals("[0,1]", record.get("kept_folds").toString());
    assertTrue(record.get("augmentation").asBoolean(), "augmentation is on by default");
    JsonNode heldOut = record.get("trained").get(1).get("epochs").get(0).get("held_out_dice");
    assertTrue(heldOut.has("liver") && heldOut.has("right_kidney"), heldOut.toString());
    try (OrganSegmenter segmenter = OrganSegmenter.load(model)) {
      assertEquals(FoldSelection.MEAN, segmenter.folds().selection());
      assertEquals(2, segmenter.folds().members().size());
      assertEquals(2, segmenter.folds().folds());
    }
    // The built-in spec, at the stage-1 size --size trained at, verified against the manifest.
    PreprocessSpecFile recorded = PreprocessSpecFile.parse("recorded", SegmentationCheckpoint.preprocessing(model).orElseThrow());
    PreprocessSpec builtIn = PreprocessSpecFile.given(null).spec();
    assertEquals(new PreprocessSpec.Stage1(64, builtIn.stage1().sliceStep()), recorded.spec().stage1());
    assertEquals(builtIn.sequenceConfig(), recorded.spec().sequenceConfig());
    assertEquals(builtIn.sliceWindow(), recorded.spec().sliceWindow());
    assertTrue(new String(recorded.yaml(), StandardCharsets.UTF_8).startsWith("# the built-in preprocessing spec with stage1.size 64 "
        + "(train-segmentation --size) instead of 128"), new String(recorded.yaml(), StandardCharsets.UTF_8));
  }

  @Test
  void bestKeepsTheFoldModelWithTheHighestMeanHeldOutDice() throws IOException {
    Path model = dir.resolve("best");
    JsonNode record = train(model, "--fold-models", "best", "--no-augment");
    assertTrue(!record.get("augmentation").asBoolean());
    int best = -1;
    double bestDice = -1;
    for (JsonNode fold : record.get("trained")) {
      JsonNode dice = fold.get("epochs").get(0).get("held_out_dice");
      double sum = 0;
      for (JsonNode organ : dice) {
        sum += organ.asDouble();
      }
      if (sum / dice.size() > bestDice) {
        bestDice = sum / dice.size();
        best = fold.get("fold").asInt();
      }
    }
    assertEquals("[" + best + "]", record.get("kept_folds").toString());
    try (OrganSegmenter segmenter = OrganSegmenter.load(model)) {
      assertEquals(FoldSelection.BEST, segmenter.folds().selection());
      assertEquals(best, segmenter.folds().members().get(0).fold());
    }
  }

  @Test
  void oneFoldAloneIsTrainedForAParallelWorker() throws IOException {
    Path model = dir.resolve("fold1");
    JsonNode record = train(model, "--fold", "1");
    assertEquals(List.of(1), folds(record.get("trained"), "fold"));
    try (OrganSegmenter segmenter = OrganSegmenter.load(model)) {
      assertEquals(1, segmenter.folds().members().get(0).fold());
    }
    CliRun outOfRange = CliRun.of("train-segmentation", "--input", data.toString(), "--output", dir.resolve("bad").toString(),
        "--model", "tiny", "--size", "64", "--folds", "2", "--fold", "2");
    assertEquals(2, outOfRange.exitCode());
    assertTrue(outOfRange.stderr().contains("--fold must be 0..1"), outOfRange.stderr());
  }

  private static List<Integer> folds(JsonNode trained, String field) {
    List<Integer> out = new ArrayList<>();
    trained.forEach(node -> out.add(node.get(field).asInt()));
    return out;
  }
}
