package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.traumaflow.pipeline.TrainPipeline;

/**
 * A zoo trained here in seconds on {@link StageTwoDataset} (one epoch of each fold, one seed)
 * and the ensemble spec a user writes for it, so scoring tests have a verified ensemble to run.
 *
 * @param segmentation the untrained stage-1 checkpoint the dataset was made with
 * @param preprocess the 64 px preprocessing spec the zoo was trained on
 * @param zoo the runs (train's --output)
 * @param ensemble the spec naming every run by its relative path, pinned by SHA-256
 */
public record TinyZoo(Path segmentation, Path preprocess, Path zoo, Path ensemble) {
  public static final String MEMBER = "tiny-organs";

  public static TinyZoo train(Path dir) throws IOException {
    Path dataset = StageTwoDataset.make(dir);
    Path trainSpec = Files.writeString(dir.resolve("train.yaml"), Files.readString(Path.of("pipelines/train-tiny.yaml"))
        .replace("epochs: 4", "epochs: 1").replace("warmup_epochs: 1", "warmup_epochs: 0").replace("seeds: [1, 2]", "seeds: [1]"));
    Path zoo = dir.resolve("zoo");
    CliRun train = CliRun.of("train", "--spec", trainSpec.toString(), "--data", dataset.toString(), "--output", zoo.toString());
    assertEquals(0, train.exitCode(), train.stderr());
    return new TinyZoo(dir.resolve("seg"), dir.resolve("preprocess.yaml"), zoo, writeEnsemble(dir, zoo.resolve(TrainPipeline.REGISTRY)));
  }

  /** The spec a user writes: the registry's runs by their relative path, each pinned by the hash registry.json lists. */
  private static Path writeEnsemble(Path dir, Path registry) throws IOException {
    StringBuilder yaml = new StringBuilder("series: mean\nmembers:\n  - name: " + MEMBER
        + "\n    model: tiny-resnet18-organs\n    variant: ours\n    weight: 1.0\n    runs:\n");
    for (JsonNode run : new ObjectMapper().readTree(registry.toFile()).get("runs")) {
      yaml.append("      - {path: ").append(run.get("id").asText()).append(", sha256: \"")
          .append(run.get("files").get("checkpoint/parameters.djl").asText()).append("\"}\n");
    }
    return Files.writeString(dir.resolve("ensemble.yaml"), yaml.toString());
  }
}
