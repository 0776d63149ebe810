package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.traumaflow.seg.FoldMember;
import org.traumaflow.seg.FoldSelection;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;

/**
 * A stage-2 training dataset made by {@code traumaflow make-volumes} from {@link SmallDataset}
 * with an untrained tiny segmentation model, at 64 px: real shards and labels for pipeline
 * tests, not a dataset a model learns anything medical from. The segmentation checkpoint and the
 * dataset record the 64 px preprocessing spec, as {@code train-segmentation} and {@code make-volumes} do.
 */
public final class StageTwoDataset {
  private StageTwoDataset() {}

  public static Path make(Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("preprocess.yaml"), Files.readString(Path.of("pipelines/preprocess.yaml"))
        .replace("size: 384", "size: 64").replace("mask_size: 96", "mask_size: 16").replace("samples_per_shard: 16", "samples_per_shard: 4"));
    Path checkpoint = dir.resolve("seg");
    // Recorded as train-segmentation records it, so that score can take the spec from the model.
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny().withInputSize(128), 3)) {
      SegmentationCheckpoint.writer(checkpoint, model.config()).withPreprocessing(Files.readAllBytes(spec))
          .add(new FoldMember(0, List.of()), model).commit(FoldSelection.MEAN, 1);
    }
    Path out = dir.resolve("dataset");
    CliRun run = CliRun.of("make-volumes", "--input", SmallDataset.root().toString(), "--output", out.toString(),
        "--segmentation-model", checkpoint.toString(), "--spec", spec.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    return out;
  }
}
