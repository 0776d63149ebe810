package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference tools nobody on this project wrote (Debian's pydicom, dcmtk and GDCM) from
 * tests. A missing tool fails the test with the Debian package to install: a reference check
 * that silently skips would prove nothing.
 */
public final class ReferenceTools {
  /** Debian's interpreter: the one on PATH may be another without Debian's packages. */
  public static final String PYTHON = "/usr/bin/python3";
  public static final Path PYDICOM_TEST_FILES = Paths.get("/usr/lib/python3/dist-packages/pydicom/data/test_files");

  private ReferenceTools() {}

  /** The result of a finished process. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command and fails the test if it exits non-zero. Returns standard output. */
  public static String run(String... command) {
    Result result = runAllowingFailure(command);
    if (result.exitCode() != 0) {
      fail(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr() + result.stdout());
    }
    return result.stdout();
  }

  public static Result runAllowingFailure(String... command) {
    requireTool(command[0]);
    try {
      Path out = Files.createTempFile("tool-out", ".txt");
      Path err = Files.createTempFile("tool-err", ".txt");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          fail(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs a Python script shipped under src/test/resources with Debian's interpreter. */
  public static String python(String resourceScript, String... args) {
    Path script = Paths.get("src", "test", "resources").resolve(resourceScript);
    if (!Files.exists(script)) {
      fail("missing test script " + script);
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /** A pydicom test file, failing with the package name when pydicom is not installed. */
  public static Path pydicomTestFile(String name) {
    Path file = PYDICOM_TEST_FILES.resolve(name);
    if (!Files.exists(file)) {
      fail(file + " not found: install Debian's python3-pydicom");
    }
    return file;
  }

  /** Fails the calling test, with the Debian package to install, unless {@code tool} (a path, or a name on PATH) can run. */
  static void requireTool(String tool) {
    if (tool.startsWith("/") ? Files.isExecutable(Paths.get(tool)) : onPath(tool)) {
      return;
    }
    String pkg = switch (Paths.get(tool).getFileName().toString()) {
      case "python3" -> "python3 python3-pydicom python3-numpy python3-gdcm python3-pil python3-nibabel python3-opencv";
      case "gdcmconv", "gdcminfo" -> "libgdcm-tools";
      case "openssl" -> "openssl";
      case "chromium" -> "chromium";
      default -> "dcmtk";
    };
    failMissing(tool, pkg);
  }

  /** Fails the calling test: {@code what} is missing, and installing {@code packages} brings it. */
  static void failMissing(String what, String packages) {
    fail(what + " is not installed: apt-get install " + packages);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Paths.get(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
