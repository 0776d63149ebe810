package org.traumaflow.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which oneDNN instruction set libtorch's CPU kernels use: the best one the CPU's flags allow,
 * lowered by {@code DNNL_MAX_CPU_ISA} (or {@code ONEDNN_MAX_CPU_ISA}) when the environment caps it,
 * as scripts/engine-env does on CPUs where the faster kernels are wrong.
 *
 * @param supported the best level the CPU supports, in oneDNN's names (AVX512_CORE_BF16, AVX2, ...)
 * @param cap the environment's cap, if any
 * @param capReason why scripts/engine-env set the cap ({@code TRAUMAFLOW_ENGINE_ISA_REASON}), if it did
 */
public record OneDnnIsa(String supported, Optional<String> cap, Optional<String> capReason) {
  /** oneDNN's x86 levels from the lowest, each with the Linux flags it needs beyond the previous one. */
  private static final List<Map.Entry<String, List<String>>> LEVELS = List.of(
      Map.entry("SSE41", List.of("sse4_1")),
      Map.entry("AVX", List.of("avx")),
      Map.entry("AVX2", List.of("avx2", "fma")),
      Map.entry("AVX512_CORE", List.of("avx512f", "avx512bw", "avx512vl", "avx512dq")),
      Map.entry("AVX512_CORE_VNNI", List.of("avx512_vnni")),
      Map.entry("AVX512_CORE_BF16", List.of("avx512_bf16")),
      Map.entry("AVX512_CORE_AMX", List.of("amx_tile", "amx_int8", "amx_bf16")));

  /** The ISA for {@code cpu} under this process's environment. */
  public static OneDnnIsa of(HostCpu cpu, Map<String, String> environment) {
    String supported = "generic (no SSE4.1)";
    for (Map.Entry<String, List<String>> level : LEVELS) {
      if (!cpu.flags().containsAll(level.getValue())) {
        break;
      }
      supported = level.getKey();
    }
    Optional<String> cap = Optional.ofNullable(environment.get("DNNL_MAX_CPU_ISA"))
        .or(() -> Optional.ofNullable(environment.get("ONEDNN_MAX_CPU_ISA")))
        .filter(value -> !value.isBlank());
    return new OneDnnIsa(supported, cap, Optional.ofNullable(environment.get("TRAUMAFLOW_ENGINE_ISA_REASON")));
  }

  /** The level in use: the cap when it is below what the CPU supports. */
  public String inUse() {
    int capRank = cap.map(OneDnnIsa::rank).orElse(Integer.MAX_VALUE);
    return capRank < rank(supported) ? cap.orElseThrow() : supported;
  }

  /** One line: "SSE41 (capped by DNNL_MAX_CPU_ISA=SSE41: reason; the CPU supports AVX512_CORE_BF16)". */
  public String describe() {
    if (cap.isEmpty()) {
      return inUse() + " (no cap)";
    }
    return inUse() + " (capped by DNNL_MAX_CPU_ISA=" + cap.get() + capReason.map(r -> ": " + r).orElse("")
        + "; the CPU supports " + supported + ")";
  }

  /** A level's place in {@link #LEVELS}; names beyond them ("ALL", "DEFAULT", newer ISAs) cap nothing here. */
  private static int rank(String level) {
    for (int i = 0; i < LEVELS.size(); i++) {
      if (LEVELS.get(i).getKey().equalsIgnoreCase(level)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
