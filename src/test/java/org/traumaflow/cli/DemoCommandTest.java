package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * {@code traumaflow demo} as a newcomer runs it (its default size, about three minutes on one
 * core), through the real command line: every stage, models that learned something, then a resume.
 */
@ExtendWith(SingleThreadedTorch.class)
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void runsEveryStageIntoOneFolderAndResumesWithoutRedoingThem() throws Exception {
    Path out = dir.resolve("demo");
    String[] args = {"demo", "--out", out.toString()};
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run.stderr());
    for (String stage : List.of("synth", "train-segmentation", "make-volumes", "train", "tune-ensemble", "score")) {
      assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("demo [") && l.contains("] " + stage + ": done in ")), stage + "\n" + run.stderr());
    }

    // A valid submission for every test patient the synthetic sample submission lists.
    Submission expected = SubmissionCsv.read(out.resolve("data/sample_submission.csv"));
    Submission scored = SubmissionCsv.read(out.resolve("score/submission.csv"));
    assertEquals(expected.rows().keySet(), scored.rows().keySet());
    assertEquals(Files.readAllLines(out.resolve("data/sample_submission.csv")).get(0), Files.readAllLines(out.resolve("score/submission.csv")).get(0));

    // The registry holds every run of the demo's zoo: two encoders x two folds.
    JsonNode registry = new ObjectMapper().readTree(out.resolve("runs/registry.json").toFile());
    assertEquals(4, registry.get("runs").size());
    assertEquals(List.of("demo-effv2s-bowel-extravasation", "demo-resnet18-organs"),
        iterate(registry.get("models").fieldNames()));
    assertTrue(run.stdout().contains("TraumaFlow demo finished in " + out.toAbsolutePath()), run.stdout());

    // Every model of the zoo beats the label prior out of fold: the zoo learned from the images.
    // Out of fold, every patient is predicted by runs that never trained on it.
    double[] bestMember = {Double.MAX_VALUE};
    registry.get("models").fields().forEachRemaining(model -> {
      bestMember[0] = Math.min(bestMember[0], model.getValue().get("oof_score").asDouble());
      double oof = model.getValue().get("oof_score").asDouble();
      double prior = model.getValue().get("prior_score").asDouble();
      assertTrue(oof < prior, model.getKey() + ": out-of-fold " + oof + " against the prior's " + prior);
      assertTrue(run.stdout().contains(String.format(java.util.Locale.ROOT, "out-of-fold score %.4f", oof)), "the summary gives it: " + run.stdout());
    });
    // The tuned ensemble beats the prior, and no single member beats it by more than noise.
    Matcher prior = Pattern.compile("(?m)^label prior\\s+([0-9.]+)").matcher(run.stdout());
    Matcher tuned = Pattern.compile("(?m)^after\\s+([0-9.]+)").matcher(run.stdout());
    assertTrue(prior.find() && tuned.find(), "tune-ensemble prints the prior's and the tuned score: " + run.stdout());
    double ensemble = Double.parseDouble(tuned.group(1));
    assertTrue(ensemble < Double.parseDouble(prior.group(1)), "tuned ensemble " + ensemble + " against the prior's " + prior.group(1));
    assertTrue(bestMember[0] >= ensemble - 0.02, "best member " + bestMember[0] + " against the tuned ensemble's " + ensemble);

    long submissionTime = Files.getLastModifiedTime(out.resolve("score/submission.csv")).toMillis();
    CliRun again = CliRun.of(args);
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals(6, again.stderr().lines().filter(l -> l.endsWith("skipped")).count(), again.stderr());
    assertEquals(submissionTime, Files.getLastModifiedTime(out.resolve("score/submission.csv")).toMillis(), "nothing was scored again");
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list.stream().sorted().collect(Collectors.toList());
  }
}
