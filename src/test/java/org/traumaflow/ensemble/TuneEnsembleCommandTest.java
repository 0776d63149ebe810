package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.InMemoryCloudStorage;

/** {@code traumaflow tune-ensemble} end to end, on a registry written as {@code traumaflow train} writes it. */
class TuneEnsembleCommandTest {
  @TempDir Path dir;

  private final OutOfFoldZoo zoo = new OutOfFoldZoo(120, 9);

  @Test
  void tunesAMisScaledSpecAndWritesOneThatScoresWhatItPrinted() throws Exception {
    Path spec = dir.resolve("ensemble.yaml");
    zoo.spec().withScaling(new Scaling(0.1, 0.1, null, 0.1, 0.1, null, null, null)).write(spec, "start");
    Path output = dir.resolve("tuned.yaml");

    CliRun run = CliRun.of("tune-ensemble", "--registry", registry().toString(), "--truth", truth().toString(),
        "--spec", spec.toString(), "--output", output.toString());

    assertEquals(0, run.exitCode(), run.stderr());
    Map<String, Double> printed = run.stdout().lines().filter(l -> !l.startsWith("wrote"))
        .collect(Collectors.toMap(l -> l.substring(0, 12).trim(), l -> Double.parseDouble(l.substring(12).trim().split("\\s+")[0])));
    assertTrue(printed.get("after") < printed.get("before"), run.stdout());
    EnsembleSpec tuned = EnsembleSpec.read(output.toString());
    OutOfFoldEnsemble oof = new OutOfFoldEnsemble(MemberVerifier.againstRegistry(tuned, zoo.registry()), zoo.truth);
    assertEquals(printed.get("after"), oof.score(tuned).mean(), 1e-6);
    assertEquals(printed.get("label prior"), oof.priorScore().mean(), 1e-6);
    assertTrue(Files.readString(output).startsWith("# Tuned by traumaflow tune-ensemble"));
  }

  @Test
  void theRegistryTruthAndSpecMayBeObjectsInABucket() throws Exception {
    Path spec = dir.resolve("ensemble.yaml");
    zoo.spec().withScaling(new Scaling(0.1, 0.1, null, 0.1, 0.1, null, null, null)).write(spec, "start");
    ObjectStore bucket = ObjectStore.at("gs://tune-ensemble-test/zoo", InMemoryCloudStorage.client());
    bucket.write("registry.json", Files.readAllBytes(registry()));
    bucket.write("train.csv", Files.readAllBytes(truth()));
    bucket.write("ensemble.yaml", Files.readAllBytes(spec));

    CliRun fromBucket = CliRun.of("tune-ensemble", "--registry", bucket.uri("registry.json"), "--truth", bucket.uri("train.csv"),
        "--spec", bucket.uri("ensemble.yaml"), "--output", dir.resolve("from-bucket.yaml").toString());
    CliRun local = CliRun.of("tune-ensemble", "--registry", registry().toString(), "--truth", truth().toString(),
        "--spec", spec.toString(), "--output", dir.resolve("local.yaml").toString());

    assertEquals(0, fromBucket.exitCode(), fromBucket.stderr());
    assertEquals(local.stdout().lines().filter(l -> !l.startsWith("wrote")).toList(),
        fromBucket.stdout().lines().filter(l -> !l.startsWith("wrote")).toList());
    assertEquals(EnsembleSpec.read(dir.resolve("local.yaml").toString()), EnsembleSpec.read(dir.resolve("from-bucket.yaml").toString()));
  }

  @Test
  void withoutASpecEveryRegisteredModelStartsAsAMemberPinnedToItsRuns() throws Exception {
    Path output = dir.resolve("from-registry.yaml");
    CliRun run = CliRun.of("tune-ensemble", "--registry", registry().toString(), "--truth", truth().toString(),
        "--output", output.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    EnsembleSpec tuned = EnsembleSpec.read(output.toString());
    assertEquals(zoo.registry().models().keySet(), tuned.members().stream().map(EnsembleSpec.Member::model).collect(Collectors.toSet()));
    for (EnsembleSpec.Member member : tuned.members()) {
      for (EnsembleSpec.RunRef ref : member.runs()) {
        var registered = zoo.registry().runs().stream().filter(r -> r.id().equals(ref.path())).findFirst().orElseThrow();
        assertEquals(registered.files().get(EnsembleSpec.CHECKPOINT_PARAMETERS), ref.sha256(), ref.path());
      }
    }
    // What it wrote verifies against the registry it came from.
    MemberVerifier.againstRegistry(tuned, zoo.registry());
  }

  @Test
  void aSpecWithAnUnknownKeyExitsTwoWithOneErrorLine() throws Exception {
    Path spec = dir.resolve("ensemble.yaml");
    zoo.spec().write(spec, "start");
    Files.writeString(spec, Files.readString(spec) + "seires: max\n");
    Path output = dir.resolve("tuned.yaml");

    CliRun run = CliRun.of("tune-ensemble", "--registry", registry().toString(), "--truth", truth().toString(),
        "--spec", spec.toString(), "--output", output.toString());

    assertEquals(2, run.exitCode(), run.stdout());
    List<String> lines = run.stderr().lines().toList();
    assertEquals(1, lines.size(), run.stderr());
    assertTrue(lines.get(0).startsWith("error: " + spec + ": unknown key 'seires'"), lines.get(0));
    assertFalse(Files.exists(output));
  }

  @Test
  void aMemberPinnedToAnotherHashExitsTwoNamingTheCheckpoint() throws Exception {
    Path spec = dir.resolve("ensemble.yaml");
    zoo.spec().write(spec, "start");
    String pinned = zoo.runs.get(0).files().get(EnsembleSpec.CHECKPOINT_PARAMETERS);
    Files.writeString(spec, Files.readString(spec).replace(pinned, "f".repeat(64)));
    Path output = dir.resolve("tuned.yaml");

    CliRun run = CliRun.of("tune-ensemble", "--registry", registry().toString(), "--truth", truth().toString(),
        "--spec", spec.toString(), "--output", output.toString());

    assertEquals(2, run.exitCode(), run.stdout());
    assertEquals(List.of("error: " + zoo.runs.get(0).location() + "/checkpoint/parameters.djl: member '" + OutOfFoldZoo.ORGANS
        + "': the spec pins SHA-256 " + "f".repeat(64) + ", the registry lists " + pinned + "; a different model, refused"),
        run.stderr().lines().toList());
    assertFalse(Files.exists(output));
  }

  @Test
  void aMissingRegistryExitsTwoNamingIt() throws Exception {
    Path spec = dir.resolve("ensemble.yaml");
    zoo.spec().write(spec, "start");
    Path missing = dir.resolve("no-registry.json");

    CliRun run = CliRun.of("tune-ensemble", "--registry", missing.toString(), "--truth", truth().toString(),
        "--spec", spec.toString(), "--output", dir.resolve("tuned.yaml").toString());

    assertEquals(2, run.exitCode(), run.stdout());
    assertEquals(List.of("error: " + missing + ": no such file"), run.stderr().lines().toList());
  }

  private Path registry() throws IOException {
    return Files.write(dir.resolve("registry.json"), zoo.registry().toJson());
  }

  private Path truth() throws IOException {
    return zoo.writeTruth(dir.resolve("train.csv"));
  }
}
