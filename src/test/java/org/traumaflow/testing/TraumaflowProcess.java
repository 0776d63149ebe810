package org.traumaflow.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code traumaflow} in a child JVM, started as a shell or scheduler starts it, for tests that stop
 * it the way those do: {@link Process#destroy()} sends SIGTERM, {@link Process#destroyForcibly()}
 * SIGKILL. Its stdout and stderr go to {@code log}.
 */
public final class TraumaflowProcess {
  private TraumaflowProcess() {}

  /** Starts {@code traumaflow ARGUMENTS} with a heap of {@code heap} (as -Xmx takes it). */
  public static Process start(String heap, Path log, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
        "org.traumaflow.cli.TraumaflowCommand"));
    command.addAll(arguments);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
