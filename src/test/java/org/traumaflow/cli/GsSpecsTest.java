package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.InMemoryCloudStorage;
import org.traumaflow.testing.SmallDataset;

/**
 * Specs, and the files they name, in a bucket are read, and checked as strictly, as local ones:
 * each command family's {@code --spec} / {@code --ensemble} at a {@code gs://} object (in-memory
 * Cloud Storage) with a misspelt key, or naming a file that is missing or has another hash, is
 * refused with status 2 before anything runs, naming the file and the fault.
 */
class GsSpecsTest {
  private static final String MISSPELT = "\nseires: max\n";

  @TempDir Path dir;

  @Test
  void aPreprocessingSpecInABucketIsReadByMakeVolumes() throws IOException {
    String spec = put("preprocess.yaml", Files.readString(Path.of("pipelines/preprocess.yaml")) + MISSPELT);
    CliRun run = CliRun.of("make-volumes", "--input", SmallDataset.root().toString(), "--output", dir.resolve("stage2").toString(),
        "--segmentation-model", dir.resolve("seg").toString(), "--spec", spec);
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + spec + ": unknown key 'seires'"), run.stderr());
  }

  @Test
  void aTrainingSpecInABucketIsReadByTrain() throws IOException {
    String spec = put("train-tiny.yaml", Files.readString(Path.of("pipelines/train-tiny.yaml")) + MISSPELT);
    CliRun run = CliRun.of("train", "--spec", spec, "--output", dir.resolve("zoo").toString());
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + spec + ": unknown key 'seires'"), run.stderr());
  }

  @Test
  void aTrainingSpecsPretrainedWeightsInABucketAreLookedUpThere() throws IOException {
    String weights = "gs://gs-specs-test/weights/resnet18.pt";
    String spec = put("train-pretrained.yaml", Files.readString(Path.of("pipelines/train-tiny.yaml"))
        .replaceFirst("preset: tiny", "preset: method\n    pretrained: " + weights));
    String[] train = {"train", "--spec", spec, "--data", dir.resolve("nowhere").toString(), "--output", dir.resolve("zoo").toString()};

    CliRun missing = CliRun.of(train);
    assertEquals(2, missing.exitCode(), missing.stderr());
    assertTrue(missing.stderr().contains("pretrained: cannot find " + weights), missing.stderr());

    ObjectStore.at("gs://gs-specs-test/weights", InMemoryCloudStorage.client()).write("resnet18.pt", "weights".getBytes());
    CliRun found = CliRun.of(train);
    assertEquals(2, found.exitCode(), found.stderr());
    assertTrue(found.stderr().contains("run make-volumes first"), "the spec passed; the dataset is what is missing: " + found.stderr());
  }

  @Test
  void anEnsembleSpecAndTruthInABucketAreReadByScore() throws IOException {
    String truth = put("train.csv", Files.readString(SmallDataset.root().resolve("train.csv")));
    String ensemble = put("ensemble.yaml", Files.readString(Path.of("pipelines/ensemble.yaml")) + MISSPELT);
    CliRun run = CliRun.of("score", "--input", SmallDataset.root().toString(), "--output", dir.resolve("scored").toString(),
        "--segmentation-model", dir.resolve("seg").toString(), "--ensemble", ensemble, "--runs", dir.resolve("zoo").toString(),
        "--truth", truth);
    assertEquals(2, run.exitCode(), run.stderr());
    // The truth was read first; the ensemble is named as given.
    assertTrue(run.stderr().startsWith("error: ") && run.stderr().contains("/ensemble.yaml: unknown key 'seires'"), run.stderr());
  }

  @Test
  void aTorchScriptMemberInABucketIsHashedThereBeforeScoring() throws IOException {
    String module = put("member.pt", "a module");
    String ensemble = put("ts-ensemble.yaml", "members:\n  - name: ts\n    weight: 1\n    variant: theo\n    torchscript: " + module
        + "\n    sha256: " + Sha256.hex("another module".getBytes(StandardCharsets.UTF_8)) + "\n    task: organs\n");
    CliRun run = CliRun.of("score", "--input", SmallDataset.root().toString(), "--output", dir.resolve("scored").toString(),
        "--segmentation-model", dir.resolve("seg").toString(), "--ensemble", ensemble, "--runs", dir.resolve("zoo").toString());
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + module + ": member 'ts': SHA-256 is " + Sha256.hex("a module".getBytes(StandardCharsets.UTF_8))), run.stderr());
  }

  /** Puts {@code text} into the in-memory bucket and returns its gs:// location. */
  private static String put(String name, String text) throws IOException {
    ObjectStore.at("gs://gs-specs-test/specs", InMemoryCloudStorage.client()).write(name, text.getBytes());
    return "gs://gs-specs-test/specs/" + name;
  }
}
