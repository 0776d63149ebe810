package org.traumaflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.synth.CompetitionLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code traumaflow demo}: the whole method on a laptop, through the same commands a user runs:
 * synth -> train-segmentation -> make-volumes -> train -> tune-ensemble -> score, all under one
 * folder. A stage whose output is complete is not run again, so a re-run resumes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole method on a small synthetic dataset, on the embedded default runner, with the same",
      "commands a user runs: synth, train-segmentation, make-volumes, train (two tiny encoders x two folds),",
      "tune-ensemble and score. Everything goes under OUT: data/, models/segmentation/, dataset/, runs/",
      "(checkpoints, registry.json), ensemble.yaml, score/ (submission.csv, predictions.jsonl,",
      "dead_letters.jsonl, report.html). Re-running into the same folder skips finished stages.",
      "Other options go to the Beam pipelines: --runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ..."
    })
final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--out", defaultValue = "traumaflow-demo", paramLabel = "DIR", description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--patients", defaultValue = "12", paramLabel = "N", description = "Synthetic training patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--test-patients", defaultValue = "3", paramLabel = "M", description = "Synthetic test patients to score (default ${DEFAULT-VALUE}).")
  int testPatients;

  @Option(names = "--segmentation-epochs", defaultValue = "30", paramLabel = "E", description = "Epochs of the stage-1 model (default ${DEFAULT-VALUE}).")
  int segmentationEpochs;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  /** One step of the demo: a traumaflow command, and the file whose presence says it finished. */
  private record Stage(String name, Path done, List<String> arguments) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = commandSpec.commandLine().getErr();
    PrintWriter stdout = commandSpec.commandLine().getOut();
    Path root = out.toAbsolutePath();
    Path specs = Files.createDirectories(root.resolve("specs"));
    Path preprocess = copySpec("preprocess-demo.yaml", specs);
    Path zoo = copySpec("train-demo.yaml", specs);
    Path data = root.resolve("data");
    Path segmentation = root.resolve("models/segmentation");
    Path dataset = root.resolve("dataset");
    Path runs = root.resolve("runs");
    Path ensemble = root.resolve("ensemble.yaml");
    Path score = root.resolve("score");

    List<Stage> stages = List.of(
        new Stage("synth", data.resolve(CompetitionLayout.MANIFEST_JSON), List.of("synth", "--out", data.toString(), "--patients", Integer.toString(patients),
            "--test-patients", Integer.toString(testPatients), "--size", "128", "--max-slices", "96", "--balanced")),
        new Stage("train-segmentation", segmentation.resolve("manifest.json"), List.of("train-segmentation", "--input", data.toString(),
            "--output", segmentation.toString(), "--model", "tiny", "--size", "64", "--spec", preprocess.toString(),
            "--epochs", Integer.toString(segmentationEpochs), "--folds", "4", "--fold", "0", "--learning-rate", "3e-3", "--batch-size", "2")),
        new Stage("make-volumes", dataset.resolve("manifest.json"), withBeam(List.of("make-volumes", "--input", data.toString(),
            "--output", dataset.toString(), "--segmentation-model", segmentation.toString(), "--spec", preprocess.toString()))),
        new Stage("train", runs.resolve("registry.json"), withBeam(List.of("train", "--spec", zoo.toString(), "--data", dataset.toString(),
            "--output", runs.toString()))),
        new Stage("tune-ensemble", ensemble, List.of("tune-ensemble", "--registry", runs.resolve("registry.json").toString(),
            "--truth", data.resolve("train.csv").toString(), "--output", ensemble.toString())),
        new Stage("score", score.resolve("submission.csv"), withBeam(List.of("score", "--input", data.toString(), "--output", score.toString(),
            "--segmentation-model", segmentation.toString(), "--ensemble", ensemble.toString(), "--runs", runs.toString(),
            "--spec", preprocess.toString()))));

    long started = System.nanoTime();
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      String label = String.format(Locale.ROOT, "demo [%d/%d] %s", i + 1, stages.size(), stage.name());
      if (Files.exists(stage.done())) {
        err.println(label + ": already done (" + root.relativize(stage.done()) + "), skipped");
        continue;
      }
      if (stage.name().equals("synth")) {
        // synth wants a new folder: one without its manifest is a run that was cut short.
        LocalTree.delete(data);
      }
      err.println(label + ": running");
      err.flush();
      long start = System.nanoTime();
      int status = TraumaflowCommand.execute(stdout, err, stage.arguments().toArray(String[]::new));
      err.printf(Locale.ROOT, "%s: %s in %.0f s (%.0f s so far)%n", label, status == 0 ? "done" : "FAILED with status " + status,
          (System.nanoTime() - start) / 1e9, (System.nanoTime() - started) / 1e9);
      if (status != 0) {
        err.println("demo: stopped; fix the error above and run the same command again to resume from " + stage.name());
        return status;
      }
    }
    summarise(stdout, root, runs, score);
    return 0;
  }

  private List<String> withBeam(List<String> arguments) {
    List<String> all = new ArrayList<>(arguments);
    all.addAll(beamArguments);
    return all;
  }

  /** The demo's specs, copied out of the jar beside its outputs so a user can read and change them. */
  private static Path copySpec(String name, Path folder) throws IOException {
    Path target = folder.resolve(name);
    if (!Files.exists(target)) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/pipelines/" + name)) {
        if (in == null) {
          throw new IllegalStateException("/pipelines/" + name + " is missing from the jar");
        }
        byte[] bytes = in.readAllBytes();
        AtomicFiles.write(target, bytes);
      }
    }
    return target;
  }

  private static void summarise(PrintWriter stdout, Path root, Path runs, Path score) throws IOException {
    JsonNode registry = JSON.readTree(runs.resolve("registry.json").toFile());
    stdout.println("TraumaFlow demo finished in " + root);
    registry.get("models").fields().forEachRemaining(model -> stdout.printf(Locale.ROOT,
        "  %-32s out-of-fold score %.4f on %d patients (label prior %.4f)%n", model.getKey(), model.getValue().get("oof_score").asDouble(),
        model.getValue().get("patients").asInt(), model.getValue().get("prior_score").asDouble()));
    stdout.println("  submission:  " + score.resolve("submission.csv"));
    stdout.println("  predictions: " + score.resolve("predictions.jsonl"));
    stdout.println("  dead letters: " + score.resolve("dead_letters.jsonl"));
    stdout.println("  report:      " + score.resolve("report.html"));
    stdout.println("Next: traumaflow metric --truth <labels> --submission " + score.resolve("submission.csv")
        + "; edit " + root.resolve("specs") + " and run the demo again into a new folder; see README.md for the real data.");
  }
}
