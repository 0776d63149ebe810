package org.traumaflow.ensemble;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.storage.HashingOutputStream;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunFiles;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.TrainingRun;
import org.traumaflow.zoo.ZooRegistry;

/**
 * Checks that every member of an {@link EnsembleSpec} is the model its hashes pin, before
 * anything is scored: against {@code registry.json}'s hashes (what tuning uses) or against the
 * stored files themselves (what scoring loads).
 */
public final class MemberVerifier {
  private MemberVerifier() {}

  /**
   * Each registry member's runs, found in the registry by location, with the spec's hash equal to
   * the registry's hash of the run's {@value EnsembleSpec#CHECKPOINT_PARAMETERS}, the run's model
   * equal to the member's (or, for a run on every patient, any model) and its variant the
   * member's. TorchScript members are not looked up.
   *
   * @return per registry member (spec order), its runs in spec order
   * @throws MemberIntegrityException naming the run's checkpoint file when a run is not in the
   *     registry, belongs to another model or variant, or has another hash
   */
  public static Map<String, List<RunRecord>> againstRegistry(EnsembleSpec spec, ZooRegistry registry) throws MemberIntegrityException {
    Map<String, List<RunRecord>> byMember = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (EnsembleSpec.Member member : spec.members()) {
      if (!member.fromRegistry()) {
        continue;
      }
      List<RunRecord> runs = new ArrayList<>();
      for (EnsembleSpec.RunRef ref : member.runs()) {
        RunRecord run = registry.runs().stream().filter(r -> locatedAt(r.location(), ref.path())).findFirst()
            .orElseThrow(() -> new MemberIntegrityException(ref.path() + "/" + EnsembleSpec.CHECKPOINT_PARAMETERS,
                "member '" + member.name() + "': no run at this location in the registry"));
        String file = run.location() + "/" + EnsembleSpec.CHECKPOINT_PARAMETERS;
        if (!used.add(run.id())) {
          throw new MemberIntegrityException(file, "member '" + member.name() + "': run " + run.id() + " (" + ref.path()
              + ") is listed twice; each run may weigh once");
        }
        requireModelAndVariant(member, run, file, "the registry");
        String listed = run.files().get(EnsembleSpec.CHECKPOINT_PARAMETERS);
        if (!ref.sha256().equals(listed)) {
          throw new MemberIntegrityException(file, "member '" + member.name() + "': the spec pins SHA-256 " + ref.sha256()
              + ", the registry lists " + listed + "; a different model, refused");
        }
        runs.add(run);
      }
      requireOneTask(member, runs);
      byMember.put(member.name(), runs);
    }
    return byMember;
  }

  /**
   * Each registry member's runs as their stored {@value RunFiles#RUN} records them, each of the
   * member's model and variant, so a scored member never gets windows of a preprocessing its runs
   * were not trained on. A run path that is not absolute or {@code gs://} is taken under
   * {@code runsLocation}. Checks metadata only; {@link #againstFiles} checks the parameters.
   *
   * @return per registry member (spec order), its runs in spec order
   * @throws MemberIntegrityException naming the run.json that is missing or disagrees
   */
  public static Map<String, List<RunRecord>> storedRuns(EnsembleSpec spec, String runsLocation) throws IOException {
    Map<String, List<RunRecord>> byMember = new LinkedHashMap<>();
    for (EnsembleSpec.Member member : spec.members()) {
      if (!member.fromRegistry()) {
        continue;
      }
      List<RunRecord> runs = new ArrayList<>();
      for (EnsembleSpec.RunRef ref : member.runs()) {
        ObjectStore store = ObjectStore.at(ref.location(runsLocation));
        String file = store.uri(RunFiles.RUN);
        RunRecord run;
        try {
          run = RunRecord.fromJson(store.read(RunFiles.RUN));
        } catch (NoSuchFileException e) {
          throw new MemberIntegrityException(file, "member '" + member.name() + "': no such file; not a finished run of traumaflow train");
        }
        requireModelAndVariant(member, run, file, "its run.json");
        runs.add(run);
      }
      requireOneTask(member, runs);
      byMember.put(member.name(), runs);
    }
    return byMember;
  }

  /**
   * A run of the member's model and variant; a run trained on every patient may also come from a
   * full-data twin of the model (the seed's "full data" scripts), of the same variant and task, so
   * that it joins the fold runs at the weight tuned on their out-of-fold predictions.
   */
  private static void requireModelAndVariant(EnsembleSpec.Member member, RunRecord run, String file, String source)
      throws MemberIntegrityException {
    boolean fullData = run.fold() == TrainingRun.ALL_PATIENTS;
    if (!(run.model().equals(member.model()) || fullData) || !run.variant().equals(member.variant())) {
      throw new MemberIntegrityException(file, "member '" + member.name() + "' is model " + member.model() + " (" + member.variant()
          + "), " + source + " has this run as model " + run.model() + " (" + run.variant() + "); only a run on every patient "
          + "(fold all) of the same variant may come from another model");
    }
  }

  private static void requireOneTask(EnsembleSpec.Member member, List<RunRecord> runs) throws MemberIntegrityException {
    if (runs.stream().map(RunRecord::task).distinct().count() != 1) {
      throw new MemberIntegrityException(member.runs().get(0).path(), "member '" + member.name() + "': its runs have different tasks");
    }
  }

  /** Each member's task: its runs' for a registry member, the spec's for a TorchScript one. */
  public static Map<String, SequenceTask> tasks(EnsembleSpec spec, Map<String, List<RunRecord>> registryRuns) {
    Map<String, SequenceTask> tasks = new LinkedHashMap<>();
    for (EnsembleSpec.Member member : spec.members()) {
      tasks.put(member.name(), member.fromRegistry()
          ? SequenceTask.valueOf(registryRuns.get(member.name()).get(0).task().toUpperCase(Locale.ROOT))
          : member.torchScriptTask());
    }
    return tasks;
  }

  /**
   * Hashes every member's file as stored: each registry run's
   * {@value EnsembleSpec#CHECKPOINT_PARAMETERS} (a run path that is not absolute or
   * {@code gs://} is taken under {@code runsLocation}) and each TorchScript file.
   *
   * @throws MemberIntegrityException naming the first file that is missing or has another hash
   */
  public static void againstFiles(EnsembleSpec spec, String runsLocation) throws IOException {
    for (EnsembleSpec.Member member : spec.members()) {
      if (member.fromRegistry()) {
        for (EnsembleSpec.RunRef ref : member.runs()) {
          ObjectStore run = ObjectStore.at(ref.location(runsLocation));
          String file = run.uri(EnsembleSpec.CHECKPOINT_PARAMETERS);
          try (InputStream in = run.open(EnsembleSpec.CHECKPOINT_PARAMETERS)) {
            require(member, file, ref.sha256(), in);
          } catch (NoSuchFileException e) {
            throw new MemberIntegrityException(file, "member '" + member.name() + "': no such file");
          }
        }
      } else {
        // A path or gs://, read through the one reader of single files; messages name the location.
        String location = member.torchscript();
        try (InputStream in = Files.newInputStream(LocalMirror.file(location, LocalMirror.defaultCache()))) {
          require(member, location, member.sha256(), in);
        } catch (NoSuchFileException e) {
          throw new MemberIntegrityException(location, "member '" + member.name() + "': no such file");
        }
      }
    }
  }

  /** The registry lists absolute locations; a spec may give one or its end, relative to the registry's folder. */
  private static boolean locatedAt(String location, String path) {
    String trimmed = Locations.trimmed(path);
    return location.equals(trimmed) || location.endsWith("/" + trimmed);
  }

  private static void require(EnsembleSpec.Member member, String file, String expected, InputStream in) throws IOException {
    String actual;
    try (HashingOutputStream hashed = new HashingOutputStream(OutputStream.nullOutputStream())) {
      in.transferTo(hashed);
      actual = hashed.sha256();
    }
    if (!actual.equals(expected)) {
      throw new MemberIntegrityException(file, "member '" + member.name() + "': SHA-256 is " + actual + ", the spec pins " + expected
          + "; a different file, refused");
    }
  }
}
