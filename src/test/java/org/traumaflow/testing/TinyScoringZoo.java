package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.pipeline.TrainPipeline;

/**
 * What {@code traumaflow score} needs, made here in seconds: {@link StageTwoDataset}'s tiny
 * segmentation checkpoint and 64 px preprocessing spec, a zoo of one tiny organ model trained
 * by {@code traumaflow train} for one epoch on two folds, and the ensemble spec a user writes
 * for it (the runs by relative path, pinned by the hashes registry.json lists).
 *
 * @param segmentation the stage-1 checkpoint folder
 * @param preprocess the preprocessing spec
 * @param runs the zoo (train's output, score's --runs)
 * @param ensemble the ensemble spec
 */
public record TinyScoringZoo(Path segmentation, Path preprocess, Path runs, Path ensemble) {
  public static final String MEMBER = "tiny-organs";

  public static TinyScoringZoo build(Path dir) throws IOException {
    Path dataset = StageTwoDataset.make(dir);
    Path trainSpec = Files.writeString(dir.resolve("train.yaml"), Files.readString(Path.of("pipelines/train-tiny.yaml"))
        .replace("epochs: 4", "epochs: 1").replace("warmup_epochs: 1", "warmup_epochs: 0").replace("seeds: [1, 2]", "seeds: [1]"));
    Path zoo = dir.resolve("zoo");
    CliRun train = CliRun.of("train", "--spec", trainSpec.toString(), "--data", dataset.toString(), "--output", zoo.toString());
    assertEquals(0, train.exitCode(), train.stderr());
    StringBuilder yaml = new StringBuilder("series: mean\nmembers:\n  - name: " + MEMBER
        + "\n    model: tiny-resnet18-organs\n    variant: ours\n    weight: 1.0\n    runs:\n");
    for (JsonNode run : new ObjectMapper().readTree(zoo.resolve(TrainPipeline.REGISTRY).toFile()).get("runs")) {
      yaml.append("      - {path: ").append(run.get("id").asText()).append(", sha256: \"")
          .append(run.get("files").get("checkpoint/parameters.djl").asText()).append("\"}\n");
    }
    Path ensemble = Files.writeString(dir.resolve("ensemble.yaml"), yaml.toString());
    return new TinyScoringZoo(dir.resolve("seg"), dir.resolve("preprocess.yaml"), zoo, ensemble);
  }

  /** {@code traumaflow score}'s arguments for this zoo on {@code input} into {@code output}, then {@code more}. */
  public List<String> scoreArguments(Path input, Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("score", "--input", input.toString(), "--output", output.toString(),
        "--segmentation-model", segmentation.toString(), "--ensemble", ensemble.toString(), "--runs", runs.toString(),
        "--spec", preprocess.toString()));
    args.addAll(List.of(more));
    return args;
  }
}
