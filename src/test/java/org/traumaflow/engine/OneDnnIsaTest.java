package org.traumaflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneDnnIsaTest {
  /** The first processor of a Zen 5 VM's /proc/cpuinfo, cut to the fields read. */
  static final List<String> EPYC = List.of(
      "processor\t: 0",
      "vendor_id\t: AuthenticAMD",
      "cpu family\t: 26",
      "model\t\t: 2",
      "model name\t: AMD EPYC",
      "flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 avx512_vnni",
      "",
      "processor\t: 1",
      "model name\t: another");
  static final List<String> HASWELL = List.of(
      "vendor_id\t: GenuineIntel",
      "cpu family\t: 6",
      "model\t\t: 63",
      "model name\t: Intel(R) Xeon(R) CPU E5-2673 v3 @ 2.40GHz",
      "flags\t\t: fpu sse4_1 sse4_2 avx avx2 fma");

  @Test
  void theFirstProcessorsFieldsAreRead() {
    HostCpu cpu = HostCpu.parse(EPYC, false, 2);
    assertEquals("AMD EPYC (AuthenticAMD family 26 model 2)", cpu.describe());
    assertTrue(cpu.flags().contains("avx512_bf16"));
    assertFalse(cpu.reportsCaches());
  }

  @Test
  void theBestLevelFollowsTheFlags() {
    assertEquals("AVX512_CORE_BF16", OneDnnIsa.of(HostCpu.parse(EPYC, true, 2), Map.of()).inUse());
    assertEquals("AVX2", OneDnnIsa.of(HostCpu.parse(HASWELL, true, 2), Map.of()).inUse());
  }

  @Test
  void aCapBelowTheCpuIsTheLevelInUseWithItsReason() {
    OneDnnIsa isa = OneDnnIsa.of(HostCpu.parse(EPYC, false, 2), Map.of("DNNL_MAX_CPU_ISA", "SSE41", "TRAUMAFLOW_ENGINE_ISA_REASON", "why"));
    assertEquals("SSE41", isa.inUse());
    assertEquals("SSE41 (capped by DNNL_MAX_CPU_ISA=SSE41: why; the CPU supports AVX512_CORE_BF16)", isa.describe());
  }

  @Test
  void aCapAboveTheCpuOrOneOneDnnCallsAllChangesNothing() {
    assertEquals("AVX2", OneDnnIsa.of(HostCpu.parse(HASWELL, true, 2), Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE")).inUse());
    assertEquals("AVX2", OneDnnIsa.of(HostCpu.parse(HASWELL, true, 2), Map.of("DNNL_MAX_CPU_ISA", "ALL")).inUse());
    assertEquals("AVX2 (no cap)", OneDnnIsa.of(HostCpu.parse(HASWELL, true, 2), Map.of()).describe());
  }
}
