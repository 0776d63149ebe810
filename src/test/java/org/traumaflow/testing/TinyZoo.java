package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.pipeline.train.TrainPipeline;

/**
 * A scoring setup made the way a user makes one, in seconds: {@link StageTwoDataset}'s 64 px data
 * and untrained segmentation model, one tiny organs model trained by {@code traumaflow train}
 * (one epoch of each of two folds, one seed) and the ensemble spec that pins its runs.
 *
 * @param segmentation the segmentation checkpoint folder
 * @param preprocess the preprocessing spec the data was made with (64 px windows)
 * @param runs the trained runs ({@code --runs}), with {@code registry.json}
 * @param ensemble the ensemble spec: one member, {@link #MEMBER}
 */
public record TinyZoo(Path segmentation, Path preprocess, Path runs, Path ensemble) {
  /** The ensemble's one member. */
  public static final String MEMBER = "tiny-organs";

  private static TinyZoo shared;

  /**
   * One zoo per test JVM for the tests that only read it (score into their own outputs, copy it
   * before changing it): trained once instead of once per test class. Deleted when the JVM exits.
   */
  public static synchronized TinyZoo shared() throws IOException {
    if (shared == null) {
      Path dir = Files.createTempDirectory("traumaflow-tiny-zoo");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> SmallDataset.deleteTree(dir)));
      shared = train(dir);
    }
    return shared;
  }

  public static TinyZoo train(Path dir) throws IOException {
    Path dataset = StageTwoDataset.make(dir);
    // One epoch of each fold, one seed: two runs to average at slice level, trained in seconds.
    Path trainSpec = Files.writeString(dir.resolve("train.yaml"), Files.readString(Path.of("pipelines/train-tiny.yaml"))
        .replace("epochs: 4", "epochs: 1").replace("warmup_epochs: 1", "warmup_epochs: 0").replace("seeds: [1, 2]", "seeds: [1]"));
    Path zoo = dir.resolve("zoo");
    CliRun train = CliRun.of("train", "--spec", trainSpec.toString(), "--data", dataset.toString(), "--output", zoo.toString());
    assertEquals(0, train.exitCode(), train.stderr());
    return new TinyZoo(dir.resolve("seg"), dir.resolve("preprocess.yaml"), zoo, writeEnsemble(dir, zoo.resolve(TrainPipeline.REGISTRY)));
  }

  /** {@code traumaflow score}'s arguments for this zoo on {@code input} into {@code output}, then {@code more}. */
  public List<String> scoreArguments(Path input, Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("score", "--input", input.toString(), "--output", output.toString(),
        "--segmentation-model", segmentation.toString(), "--ensemble", ensemble.toString(), "--runs", runs.toString(),
        "--spec", preprocess.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** The spec a user writes: the registry's runs by their relative path, each pinned by the hash registry.json lists. */
  private static Path writeEnsemble(Path dir, Path registry) throws IOException {
    StringBuilder yaml = new StringBuilder("members:\n  - name: " + MEMBER
        + "\n    model: tiny-resnet18-organs\n    variant: ours\n    weight: 1.0\n    runs:\n");
    for (JsonNode run : new ObjectMapper().readTree(registry.toFile()).get("runs")) {
      yaml.append("      - {path: ").append(run.get("id").asText()).append(", sha256: \"")
          .append(run.get("files").get("checkpoint/parameters.djl").asText()).append("\"}\n");
    }
    return Files.writeString(dir.resolve("ensemble.yaml"), yaml.toString());
  }
}
