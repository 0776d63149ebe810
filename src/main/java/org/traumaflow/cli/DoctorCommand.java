package org.traumaflow.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.traumaflow.dicom.FrameCodecs;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.engine.HostCpu;
import org.traumaflow.engine.KnownAnswers;
import org.traumaflow.engine.OneDnnIsa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traumaflow doctor}: what this machine's engine is, and whether it computes correctly. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the CPU (model, the instruction-set flags libtorch uses, whether CPUID reports its caches), libtorch's and DJL's"
          + " versions, the device and threads, the oneDNN instruction set and the JPEG 2000 decoder in use, then runs the engine's known-answer"
          + " self-check (forward and backward of small 2D/3D convolution, batch norm and GRU blocks).",
      "Exits 0 when the check passes and 1 when it fails; training and scoring refuse to start on a machine where it fails."
    })
final class DoctorCommand implements Callable<Integer> {
  /** The flags that decide which oneDNN kernels run. */
  private static final List<String> ENGINE_FLAGS = List.of(
      "sse4_1", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16", "amx_tile");

  @Spec CommandSpec spec;

  @Option(names = "--known-answers", paramLabel = "JSON",
      description = "Check against this table instead of the built-in one (answers for another libtorch build, written by"
          + " scripts/engine-known-answers.py).")
  Path knownAnswers;

  @Override
  public Integer call() throws IOException {
    KnownAnswers answers = knownAnswers == null ? KnownAnswers.builtIn() : readAnswers(knownAnswers);
    PrintWriter out = spec.commandLine().getOut();
    HostCpu cpu = HostCpu.current();
    Engine engine = Engine.getEngine("PyTorch");
    out.println("cpu:         " + cpu.describe() + ", " + cpu.logicalCores() + " logical cores");
    out.println("cpu flags:   " + String.join(" ", ENGINE_FLAGS.stream().filter(cpu.flags()::contains).toList()));
    out.println("cpu caches:  " + (cpu.reportsCaches() ? "reported by CPUID" : "not reported by CPUID (no /sys/devices/system/cpu/cpu0/cache)"));
    out.println("engine:      PyTorch " + engine.getVersion() + " (libtorch) through DJL " + Engine.getDjlVersion());
    out.println("device:      " + (engine.getGpuCount() > 0 ? "gpu (" + engine.getGpuCount() + " visible)" : "cpu"));
    out.println("threads:     " + JniUtils.getNumThreads() + " intra-op, " + JniUtils.getNumInteropThreads() + " inter-op");
    out.println("oneDNN ISA:  " + OneDnnIsa.of(cpu, System.getenv()).describe());
    out.println("jpeg 2000:   " + FrameCodecs.jpeg2000Decoder());
    EngineSelfCheck.Outcome outcome = EngineSelfCheck.run(answers);
    out.println("self-check:  " + outcome.describe());
    for (EngineSelfCheck.Mismatch mismatch : outcome.mismatches().subList(0, Math.min(outcome.mismatches().size(), 10))) {
      out.println("  " + mismatch.describe());
    }
    if (!outcome.passed()) {
      spec.commandLine().getErr().println("doctor: libtorch computes wrong numbers on this machine; training and scoring will refuse to run."
          + " Start Java through ./traumaflow or scripts/engine-env, or set DNNL_MAX_CPU_ISA=SSE41 (docs/troubleshooting.md).");
    }
    return outcome.passed() ? 0 : 1;
  }

  private static KnownAnswers readAnswers(Path file) {
    try {
      return KnownAnswers.read(file);
    } catch (IOException e) {
      throw new UserInputException(file + ": not a known-answers table (" + e.getMessage() + ")");
    }
  }
}
