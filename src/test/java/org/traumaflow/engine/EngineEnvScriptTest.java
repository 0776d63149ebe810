package org.traumaflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/engine-env, the one place that decides libtorch's CPU setting before a JVM starts. */
class EngineEnvScriptTest {
  private static final Path SCRIPT = Path.of("scripts/engine-env").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void anAmdCpuWithoutCacheSizesGetsTheSse41KernelsAndTheReason() throws Exception {
    assertEquals("SSE41|AMD CPU whose CPUID reports no cache sizes (oneDNN's AVX kernels read uninitialised memory there)",
        decide(OneDnnIsaTest.EPYC, false, Map.of()));
  }

  @Test
  void anAmdCpuThatReportsItsCachesKeepsTheFastestKernels() throws Exception {
    assertEquals("|", decide(OneDnnIsaTest.EPYC, true, Map.of()));
  }

  @Test
  void anIntelCpuKeepsTheFastestKernelsEvenWithoutCacheSizes() throws Exception {
    assertEquals("|", decide(OneDnnIsaTest.HASWELL, false, Map.of()));
  }

  @Test
  void aCapTheUserSetIsKept() throws Exception {
    assertEquals("AVX2|", decide(OneDnnIsaTest.EPYC, false, Map.of("DNNL_MAX_CPU_ISA", "AVX2")));
    assertEquals("|", decide(OneDnnIsaTest.EPYC, false, Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE")));
  }

  @Test
  void thisTestJvmStartedWithWhatTheScriptDecidesForThisMachine() throws Exception {
    String decided = run(List.of(SCRIPT.toString(), "sh", "-c", "printf '%s' \"$DNNL_MAX_CPU_ISA\""), Map.of(), List.of("DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA"));
    assertEquals(decided, System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", ""), "Surefire starts test JVMs through scripts/engine-jvm/bin/java");
  }

  /** "ISA|reason" as the script exports them for a machine with this cpuinfo. */
  private String decide(List<String> cpuinfo, boolean caches, Map<String, String> preset) throws IOException, InterruptedException {
    Path info = dir.resolve("cpuinfo");
    Files.write(info, cpuinfo);
    Path sys = dir.resolve("cpu");
    Files.createDirectories(sys.resolve("cpu0"));
    if (caches) {
      Files.createDirectories(sys.resolve("cpu0/cache/index0"));
    }
    Map<String, String> env = new HashMap<>(preset);
    env.put("TRAUMAFLOW_CPUINFO", info.toString());
    env.put("TRAUMAFLOW_SYS_CPU", sys.toString());
    return run(List.of(SCRIPT.toString(), "sh", "-c", "printf '%s|%s' \"$DNNL_MAX_CPU_ISA\" \"$TRAUMAFLOW_ENGINE_ISA_REASON\""),
        env, List.of("DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "TRAUMAFLOW_ENGINE_ISA_REASON"));
  }

  private static String run(List<String> command, Map<String, String> env, List<String> unset) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    unset.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return out;
  }
}
