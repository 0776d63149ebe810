package org.traumaflow.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationEnsemble;
import org.traumaflow.seg.SegmentationRun;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.testing.InMemoryCloudStorage;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;

/**
 * The train-segmentation template's pipeline on the Direct runner, as Dataflow runs it: the
 * dataset, the spec and the checkpoint all in (in-memory) Cloud Storage, the tiny model for one
 * epoch at 32 x 32 so the test takes seconds.
 */
@ExtendWith(SingleThreadedTorch.class)
class TrainSegmentationPipelineTest {
  @TempDir Path dir;

  @Test
  void trainsOnAGsDatasetAndWritesALoadableCheckpointWithItsFoldsToGs() throws Exception {
    ObjectStore bucket = ObjectStore.at("gs://train-segmentation-test", InMemoryCloudStorage.client());
    FolderTransfer.upload(SmallDataset.root(), bucket.child("rsna"));
    // One patient's only masked series lost its slices: it is left out, and the others still train.
    Map<String, List<String>> masked = maskedSeriesByPatient();
    String lost = masked.entrySet().stream().filter(e -> e.getValue().size() == 1).findFirst().orElseThrow().getKey();
    for (String key : bucket.list("rsna/train_images/" + lost + "/" + masked.get(lost).get(0) + "/")) {
      bucket.delete(key);
    }
    byte[] spec = Files.readString(Path.of("pipelines/preprocess.yaml")).replace("size: 128", "size: 64").getBytes(StandardCharsets.UTF_8);
    bucket.write("specs/stage1-64.yaml", spec);

    TrainSegmentationPipeline.main(new String[] {"--input=gs://train-segmentation-test/rsna", "--output=gs://train-segmentation-test/seg-fold0",
        "--spec=gs://train-segmentation-test/specs/stage1-64.yaml", "--model=tiny", "--epochs=1", "--batchSize=2", "--folds=2", "--fold=1",
        "--workDir=" + dir.resolve("work")});

    ObjectStore checkpoint = bucket.child("seg-fold0");
    Path local = LocalMirror.of("gs://train-segmentation-test/seg-fold0", checkpoint, dir.resolve("mirror"));
    try (SegmentationEnsemble model = SegmentationCheckpoint.load(local)) {
      assertEquals(64, model.config().inputSize(), "the gs:// spec's stage-1 size");
      assertEquals(1, model.models().size(), "only the fold asked for");
    }
    assertArrayEquals(spec, SegmentationCheckpoint.preprocessing(local).orElseThrow(), "the spec as given, listed in the manifest");
    JsonNode record = new ObjectMapper().readTree(checkpoint.read(SegmentationRun.TRAINING_RECORD));
    assertEquals(1, record.get("trained").size());
    assertEquals(1, record.get("trained").get(0).get("fold").asInt());
    assertEquals(1, record.get("trained").get(0).get("epochs").size());
    Set<String> patients = new TreeSet<>();
    record.get("patient_folds").fieldNames().forEachRemaining(patients::add);
    Set<String> expected = new TreeSet<>(masked.keySet());
    expected.remove(lost);
    assertEquals(expected, patients, "every patient with a masked series that has slices, in one of the folds");
    try (var left = Files.list(dir.resolve("work"))) {
      assertEquals(0, left.count(), "the worker's copy of the dataset is removed");
    }
  }

  /** Patient -> its series that have a mask, from the dataset's files. */
  private static Map<String, List<String>> maskedSeriesByPatient() throws IOException {
    Set<String> masked;
    try (Stream<Path> masks = Files.list(SmallDataset.root().resolve("segmentations"))) {
      masked = masks.map(p -> p.getFileName().toString().replace(".nii", "")).collect(Collectors.toSet());
    }
    return SmallDataset.lines(SmallDataset.root().resolve("train_series_meta.csv")).stream().skip(1).map(line -> line.split(","))
        .filter(cells -> masked.contains(cells[1]))
        .collect(Collectors.groupingBy(cells -> cells[0], TreeMap::new, Collectors.mapping(cells -> cells[1], Collectors.toList())));
  }

  @Test
  void aFoldOutsideTheFoldsFailsTheLaunchNamingIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TrainSegmentationPipeline.main(new String[] {
        "--input=gs://train-segmentation-test/rsna", "--output=gs://train-segmentation-test/seg", "--folds=3", "--fold=3"}));
    assertTrue(refused.getMessage().contains("fold must be 0..2, got 3"), refused.getMessage());
  }
}
