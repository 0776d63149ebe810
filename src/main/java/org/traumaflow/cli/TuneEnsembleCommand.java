package org.traumaflow.cli;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.EnsembleTuner;
import org.traumaflow.ensemble.MemberIntegrityException;
import org.traumaflow.ensemble.MemberVerifier;
import org.traumaflow.ensemble.OutOfFoldEnsemble;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.ZooRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traumaflow tune-ensemble}: fits an ensemble spec's weights and scaling factors out of fold. */
@Command(
    name = "tune-ensemble",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the member weights and scaling factors of an ensemble spec (pipelines/ensemble.yaml) to the",
      "registry's out-of-fold study predictions by minimising the competition metric (a deterministic",
      "coordinate search, never worse than the start), and writes the tuned spec. The registry holds",
      "per-series study-level (max over windows) predictions, so tuning works after the max and combines",
      "a patient's series by the spec's series rule, as score does. Members without out-of-fold",
      "predictions (TorchScript, or runs on every patient only) keep their weights. Every registry",
      "member's runs must be in the registry with the hashes the spec pins, or nothing is tuned (status 2)."
    })
final class TuneEnsembleCommand implements Callable<Integer> {
  @Option(names = "--registry", required = true, paramLabel = "JSON", description = "registry.json written by traumaflow train (a path or gs://).")
  String registryLocation;

  @Option(names = "--truth", required = true, paramLabel = "CSV", description = "Labels in train.csv's format, for the held-out patients (a path or gs://).")
  String truthLocation;

  @Option(names = "--spec", paramLabel = "YAML",
      description = "The ensemble spec to start from (a path or gs://); default: every model of the registry, weight 1, METHOD.md's scaling.")
  String specLocation;

  @Option(names = "--output", required = true, paramLabel = "YAML", description = "Where the tuned spec is written (atomically).")
  Path output;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    // gs:// inputs are read through the one mirror every command uses for single files; messages name the copies' files.
    Path registry = LocalMirror.file(registryLocation, LocalMirror.defaultCache());
    Path truth = LocalMirror.file(truthLocation, LocalMirror.defaultCache());
    Map<Integer, PatientLabels> labels = LabelTables.readTrain(truth);
    if (labels.isEmpty()) {
      throw new UserInputException(truth + ": no patients");
    }
    EnsembleSpec start;
    Map<String, List<RunRecord>> runs;
    try {
      ZooRegistry zoo = ZooRegistry.fromJson(Files.readAllBytes(registry));
      start = specLocation == null ? EnsembleSpec.fromRegistry(zoo) : EnsembleSpec.read(specLocation);
      runs = MemberVerifier.againstRegistry(start, zoo);
      start.requirePositiveWeights(specLocation == null ? registry.toString() : specLocation, MemberVerifier.tasks(start, runs));
    } catch (NoSuchFileException missing) {
      throw new UserInputException(missing.getFile() + ": no such file");
    } catch (InvalidSpecException | MemberIntegrityException refused) {
      throw new UserInputException(refused.getMessage());
    } catch (IllegalArgumentException empty) {
      throw new UserInputException(registry + ": " + empty.getMessage());
    } catch (JacksonException malformed) {
      throw new UserInputException(registry + ": not a registry.json: " + malformed.getOriginalMessage());
    }
    // The prevalence is a fact of the labels, not a parameter: taken from the truth before tuning.
    double prevalence = (double) labels.values().stream().filter(PatientLabels::extravasation).count() / labels.size();
    start = start.withScaling(start.scaling().withExtravasationPrevalence(prevalence));
    OutOfFoldEnsemble oof;
    try {
      oof = new OutOfFoldEnsemble(runs, labels);
    } catch (IllegalArgumentException unusable) {
      throw new UserInputException(registry + ": " + unusable.getMessage());
    }
    EnsembleTuner.Result result = EnsembleTuner.tune(start, oof);
    double prior = oof.priorScore().mean();
    String summary = String.format(Locale.ROOT, "Out-of-fold competition score on %d patients (study-level predictions): "
        + "label prior %.6f, start %.6f, tuned %.6f.", oof.patients(), prior, result.before(), result.after());
    result.spec().write(output, "Tuned by traumaflow tune-ensemble from " + (specLocation == null ? "every model of the registry" : specLocation) + " on " + registry + " and " + truth + ".\n"
        + summary + "\nThe keys are explained in pipelines/ensemble.yaml and docs/ensemble.md.");
    PrintWriter out = commandSpec.commandLine().getOut();
    for (EnsembleSpec.Member member : start.members()) {
      if (!oof.takesPart(member.name())) {
        out.println("member '" + member.name() + "' has no out-of-fold predictions; its weight is kept");
      }
    }
    out.printf(Locale.ROOT, "%-12s %.6f%n", "label prior", prior);
    out.printf(Locale.ROOT, "%-12s %.6f%n", "before", result.before());
    out.printf(Locale.ROOT, "%-12s %.6f  (%d patients, %d evaluations)%n", "after", result.after(), oof.patients(), result.evaluations());
    out.println("wrote " + output);
    return 0;
  }
}
