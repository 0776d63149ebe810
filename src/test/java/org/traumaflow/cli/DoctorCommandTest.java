package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.engine.HostCpu;
import org.traumaflow.engine.KnownAnswers;
import org.traumaflow.engine.OneDnnIsa;
import org.traumaflow.testing.CliRun;

/** {@code traumaflow doctor}, as a user runs it on a new machine. */
class DoctorCommandTest {
  @TempDir Path dir;

  @Test
  void itNamesTheCpuTheEngineTheIsaAndPassesTheSelfCheckHere() {
    CliRun run = CliRun.of("doctor");

    assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
    List<String> labels = run.stdout().lines().map(l -> l.substring(0, l.indexOf(':'))).toList();
    assertEquals(List.of("cpu", "cpu flags", "cpu caches", "engine", "device", "threads", "oneDNN ISA", "jpeg 2000", "self-check"), labels);
    HostCpu cpu = HostCpu.current();
    assertTrue(run.stdout().contains("cpu:         " + cpu.describe()), run.stdout());
    assertTrue(run.stdout().contains("engine:      PyTorch 2.5.1 (libtorch) through DJL 0.33.0"), run.stdout());
    assertTrue(run.stdout().contains("oneDNN ISA:  " + OneDnnIsa.of(cpu, System.getenv()).describe()), run.stdout());
    assertTrue(run.stdout().contains("jpeg 2000:   OpenJPEG 2."), "CI installs libopenjp2-7, so the native decoder is in use: " + run.stdout());
    assertTrue(run.stdout().contains("self-check:  passed: 4 blocks x 3 runs"), run.stdout());
  }

  @Test
  void aPerturbedExpectedValueMakesItExitNonZeroNamingTheFailingOperation() throws IOException {
    KnownAnswers builtIn = KnownAnswers.builtIn();
    String json = new ObjectMapper().writeValueAsString(builtIn)
        .replace(String.valueOf(builtIn.cases().get(3).values().get("input_gradient").sum()), "12345.0");
    Path table = Files.writeString(dir.resolve("answers.json"), json);

    CliRun run = CliRun.of("doctor", "--known-answers", table.toString());

    assertEquals(1, run.exitCode(), run.stdout());
    assertTrue(run.stdout().contains("self-check:  FAILED: GRU 6->4, 5 steps: input gradient has sum"), run.stdout());
    assertTrue(run.stderr().contains("DNNL_MAX_CPU_ISA=SSE41"), "names the fix: " + run.stderr());
  }

  @Test
  void aFileThatIsNoTableIsRefusedNamingIt() throws IOException {
    Path notATable = Files.writeString(dir.resolve("notes.json"), "{\"cases\": 3}");

    CliRun run = CliRun.of("doctor", "--known-answers", notATable.toString());

    assertEquals(2, run.exitCode());
    assertTrue(run.stderr().contains(notATable + ": not a known-answers table"), run.stderr());
  }
}
