package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code traumaflow score} needs, made once under a benchmark's work folder by
 * {@code traumaflow demo} (synthetic data, a stage-1 model, a tiny zoo and its tuned ensemble) and
 * kept for re-runs. Every command runs in a child JVM, so that each measured process starts clean
 * and its heap is fixed by {@code -Xmx}.
 *
 * @param root the demo's output folder
 */
record ScoringSetup(Path root) {
  /** The demo's folder under {@code work}, made if its ensemble spec is missing. */
  static ScoringSetup prepare(Path work, PrintWriter progress) throws IOException, InterruptedException {
    ScoringSetup setup = new ScoringSetup(work.resolve("setup"));
    if (!Files.exists(setup.ensemble())) {
      progress.println("bench: making the scoring setup with traumaflow demo under " + setup.root() + " (minutes, once)");
      progress.flush();
      int status = command("2g", List.of("demo", "--out", setup.root().toString(), "--test-patients", "1", "--segmentation-epochs", "2"))
          .redirectErrorStream(true).redirectOutput(work.resolve("setup.log").toFile()).start().waitFor();
      if (status != 0) {
        throw new IOException("traumaflow demo failed with status " + status + "; see " + work.resolve("setup.log"));
      }
    }
    return setup;
  }

  Path ensemble() {
    return root.resolve("ensemble.yaml");
  }

  /** {@code traumaflow score}'s arguments for this setup's models on {@code input}'s test split into {@code output}. */
  List<String> scoreArguments(Path input, Path output) {
    return List.of("score", "--input", input.toString(), "--output", output.toString(),
        "--segmentation-model", root.resolve("models/segmentation").toString(), "--ensemble", ensemble().toString(),
        "--runs", root.resolve("runs").toString(), "--spec", root.resolve("specs/preprocess-demo.yaml").toString());
  }

  /**
   * {@code traumaflow ARGUMENTS} in a child JVM with this JVM's class path and DJL settings, a
   * heap of {@code heap} (as -Xmx takes it) and then {@code jvmOptions}.
   */
  static ProcessBuilder command(String heap, List<String> arguments, String... jvmOptions) {
    return childJvm(heap, "org.traumaflow.cli.TraumaflowCommand", arguments, jvmOptions);
  }

  /** {@code mainClass} in a child JVM with this one's java, classpath and DJL settings. */
  static ProcessBuilder childJvm(String heap, String mainClass, List<String> arguments, String... jvmOptions) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("ai.djl.")).sorted()
        .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(arguments);
    return new ProcessBuilder(command);
  }
}
