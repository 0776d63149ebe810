package org.traumaflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the jar's Python reference scripts ({@code /bench/*.py}) with Debian's interpreter
 * and returns what it printed: the other side of every "ours vs the reference" benchmark.
 */
final class ReferenceScript {
  static final String PYTHON = "/usr/bin/python3";

  private ReferenceScript() {}

  /**
   * @param work where the script is copied
   * @param resource the script's name under {@code /bench/}
   * @param packages the Debian packages it needs, named in the error when it fails
   */
  static String run(Path work, String resource, String packages, String... args) throws IOException, InterruptedException {
    Path script = work.resolve(resource);
    try (InputStream in = ReferenceScript.class.getResourceAsStream("/bench/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("/bench/" + resource + " is missing from the jar");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
    command.addAll(List.of(args));
    return exec(packages, command.toArray(String[]::new));
  }

  /** Runs a reference tool and returns its standard output; a failure names the Debian packages to install. */
  static String exec(String packages, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("bench", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed (is " + command[0] + " installed? apt-get install " + packages + ")");
      }
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
