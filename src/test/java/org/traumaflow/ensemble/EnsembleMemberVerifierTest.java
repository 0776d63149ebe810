package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.storage.Sha256;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.TrainingRun;
import org.traumaflow.zoo.ZooRegistry;

/** Members whose files are not the ones their hashes pin are refused before anything is scored. */
class EnsembleMemberVerifierTest {
  @TempDir Path dir;

  private final OutOfFoldZoo zoo = new OutOfFoldZoo(40, 3);

  @Test
  void membersPinnedByTheRegistrysHashesFindTheirRunsAndTasks() throws Exception {
    Map<String, List<RunRecord>> runs = MemberVerifier.againstRegistry(zoo.spec(), zoo.registry());
    assertEquals(4, runs.get(OutOfFoldZoo.ORGANS).size());
    assertEquals(2, runs.get(OutOfFoldZoo.BOWEL).size());
    assertEquals(SequenceTask.BOWEL_EXTRAVASATION, MemberVerifier.tasks(zoo.spec(), runs).get(OutOfFoldZoo.BOWEL));
  }

  @Test
  void aHashTheRegistryDoesNotListIsRefusedNamingTheCheckpointFile() throws Exception {
    EnsembleSpec tampered = withFirstRunHash(zoo.spec(), "0".repeat(64));
    MemberIntegrityException e = assertThrows(MemberIntegrityException.class, () -> MemberVerifier.againstRegistry(tampered, zoo.registry()));
    assertEquals("/runs/" + OutOfFoldZoo.ORGANS + "/fold-0-seed-1/checkpoint/parameters.djl", e.file());
    assertTrue(e.getMessage().contains("the spec pins SHA-256 " + "0".repeat(64)), e.getMessage());
  }

  @Test
  void aRunOnEveryPatientOfATwinModelJoinsAMemberButAFoldRunOfAnotherModelDoesNot() throws Exception {
    RunRecord full = otherModelsRun("tiny-organs-full", TrainingRun.ALL_PATIENTS);
    RunRecord fold = otherModelsRun("tiny-organs-other", 0);
    List<RunRecord> runs = new ArrayList<>(zoo.runs);
    runs.addAll(List.of(full, fold));
    ZooRegistry registry = ZooRegistry.of(runs, Map.of(), zoo.truth);

    EnsembleSpec withFull = withOrganRun(zoo.spec(), full);
    assertEquals(5, MemberVerifier.againstRegistry(withFull, registry).get(OutOfFoldZoo.ORGANS).size());
    MemberIntegrityException e = assertThrows(MemberIntegrityException.class,
        () -> MemberVerifier.againstRegistry(withOrganRun(zoo.spec(), fold), registry));
    assertTrue(e.getMessage().contains("only a run on every patient (fold all) of the same variant may come from another model"), e.getMessage());
  }

  /** An organs run of {@code model}, variant ours, without out-of-fold predictions. */
  private static RunRecord otherModelsRun(String model, int fold) {
    String id = model + "/fold-" + (fold == TrainingRun.ALL_PATIENTS ? "all" : fold) + "-seed-9";
    return new RunRecord(id, model, fold, 9, "organs", "ours", "/runs/" + id, List.of(), 10, 0, Double.NaN, Double.NaN,
        new TreeMap<>(), new TreeMap<>(), new TreeMap<>(Map.of(EnsembleSpec.CHECKPOINT_PARAMETERS, Sha256.hex(id.getBytes(StandardCharsets.UTF_8)))));
  }

  /** {@code spec} with {@code run} added to the organs member's runs. */
  private static EnsembleSpec withOrganRun(EnsembleSpec spec, RunRecord run) {
    List<EnsembleSpec.Member> members = new ArrayList<>(spec.members());
    EnsembleSpec.Member organs = members.get(0);
    List<EnsembleSpec.RunRef> refs = new ArrayList<>(organs.runs());
    refs.add(new EnsembleSpec.RunRef(run.id(), run.files().get(EnsembleSpec.CHECKPOINT_PARAMETERS)));
    members.set(0, new EnsembleSpec.Member(organs.name(), organs.weight(), organs.variant(), organs.model(), refs, null, null, null));
    return spec.withMembers(members);
  }

  @Test
  void aRunMissingFromTheRegistryIsRefused() throws Exception {
    ZooRegistry fewer = ZooRegistry.of(zoo.runs.subList(1, zoo.runs.size()), Map.of(), zoo.truth);
    MemberIntegrityException e = assertThrows(MemberIntegrityException.class, () -> MemberVerifier.againstRegistry(zoo.spec(), fewer));
    assertTrue(e.getMessage().contains("no run at this location"), e.getMessage());
  }

  @Test
  void aStoredCheckpointThatWasChangedIsRefusedNamingTheFile() throws Exception {
    byte[] parameters = "trained parameters".getBytes(StandardCharsets.UTF_8);
    Path checkpoint = dir.resolve("organs/fold-0-seed-1/checkpoint/parameters.djl");
    Files.createDirectories(checkpoint.getParent());
    Files.write(checkpoint, parameters);
    EnsembleSpec spec = new EnsembleSpec(List.of(new EnsembleSpec.Member("organs", 1, "ours", "organs",
        List.of(new EnsembleSpec.RunRef("organs/fold-0-seed-1", Sha256.hex(parameters))), null, null, null)), null, null);
    assertDoesNotThrow(() -> MemberVerifier.againstFiles(spec, dir.toString()));

    Files.writeString(checkpoint, "retrained parameters");

    MemberIntegrityException e = assertThrows(MemberIntegrityException.class, () -> MemberVerifier.againstFiles(spec, dir.toString()));
    assertEquals(checkpoint.toAbsolutePath().toString(), e.file());
  }

  @Test
  void aTorchScriptFileWithAnotherHashIsRefused() throws Exception {
    Path module = Files.writeString(dir.resolve("member.pt"), "a module");
    EnsembleSpec spec = new EnsembleSpec(List.of(new EnsembleSpec.Member("ts", 1, "theo", null, null, module.toString(),
        Sha256.hex("another module".getBytes(StandardCharsets.UTF_8)), "organs")), null, null);
    MemberIntegrityException e = assertThrows(MemberIntegrityException.class, () -> MemberVerifier.againstFiles(spec, dir.toString()));
    assertEquals(module.toString(), e.file());
  }

  private static EnsembleSpec withFirstRunHash(EnsembleSpec spec, String hash) {
    List<EnsembleSpec.Member> members = new ArrayList<>(spec.members());
    EnsembleSpec.Member first = members.get(0);
    List<EnsembleSpec.RunRef> runs = new ArrayList<>(first.runs());
    runs.set(0, new EnsembleSpec.RunRef(runs.get(0).path(), hash));
    members.set(0, new EnsembleSpec.Member(first.name(), first.weight(), first.variant(), first.model(), runs, null, null, null));
    return spec.withMembers(members);
  }
}
