package org.traumaflow.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.traumaflow.engine.EngineSelfCheck;
import org.traumaflow.engine.HostCpu;
import org.traumaflow.engine.KnownAnswers;
import org.traumaflow.engine.OneDnnIsa;
import org.traumaflow.engine.SquareConvolution;

/**
 * What each oneDNN instruction-set cap costs and whether it is correct on this CPU: one child JVM
 * per cap (the cap must be in the environment before libtorch loads), each running the engine
 * self-check and timing forward + backward of convolutions shaped like the two stages' (medians
 * of the repeats after a warm-up), against the CPU's uncapped kernels in the same invocation.
 */
public final class EngineIsaBenchmark {
  /** The uncapped row's name: the fastest kernels the CPU supports. */
  static final String NO_CAP = "none";

  /** A convolution whose forward and backward (input and weight gradients) are timed. */
  record Workload(String name, long[] input, int channels, int kernel, int stride) {}

  static final List<Workload> WORKLOADS = List.of(
      new Workload("stage-1 conv3d 16->16 3x3x3, (2, 16, 16, 64, 64)", new long[] {2, 16, 16, 64, 64}, 16, 3, 1),
      new Workload("stage-2 stem conv2d 3->64 7x7/2, 32 slices of 128 px", new long[] {32, 3, 128, 128}, 64, 7, 2),
      new Workload("stage-2 conv2d 64->64 3x3, 32 slices of 32 px", new long[] {32, 64, 32, 32}, 64, 3, 1));

  /** One cap's results: the ISA it ran, the self-check's verdict and each workload's median seconds. */
  public record Row(String cap, String isaInUse, String selfCheck, Map<String, Double> seconds) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int repeats;
  private final List<String> caps;
  private final PrintWriter progress;

  public EngineIsaBenchmark(int repeats, List<String> caps, PrintWriter progress) {
    if (repeats < 1 || caps.isEmpty()) {
      throw new IllegalArgumentException("engine-isa needs at least one repeat and one cap");
    }
    this.repeats = repeats;
    this.caps = List.copyOf(caps);
    this.progress = progress;
  }

  /** One child JVM per cap, in the order given. */
  public List<Row> run() throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    for (String cap : caps) {
      progress.println("bench: engine-isa with cap " + cap);
      ProcessBuilder child = ScoringSetup.childJvm("2g", EngineIsaBenchmark.class.getName(), List.of(String.valueOf(repeats)));
      child.environment().remove("DNNL_MAX_CPU_ISA");
      child.environment().remove("ONEDNN_MAX_CPU_ISA");
      child.environment().remove("TRAUMAFLOW_ENGINE_ISA_REASON");
      if (!cap.equals(NO_CAP)) {
        child.environment().put("DNNL_MAX_CPU_ISA", cap);
      }
      Process process = child.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException("the engine-isa child with cap " + cap + " exited " + process.exitValue() + ": " + out);
      }
      JsonNode result = JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
      Map<String, Double> seconds = new LinkedHashMap<>();
      result.get("seconds").fields().forEachRemaining(e -> seconds.put(e.getKey(), e.getValue().asDouble()));
      rows.add(new Row(cap, result.get("isa").asText(), result.get("self_check").asText(), seconds));
    }
    return rows;
  }

  /** The child: prints one JSON line with the ISA in use, the self-check's verdict and the timings. */
  public static void main(String[] args) throws IOException {
    int repeats = Integer.parseInt(args[0]);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("isa", OneDnnIsa.of(HostCpu.current(), System.getenv()).inUse());
    EngineSelfCheck.Outcome check = EngineSelfCheck.run(KnownAnswers.builtIn());
    result.put("self_check", check.passed() ? "passed" : "FAILED (" + check.mismatches().size() + " mismatches)");
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Workload w : WORKLOADS) {
      seconds.put(w.name(), time(w, repeats));
    }
    result.put("seconds", seconds);
    System.out.println(JSON.writeValueAsString(result));
  }

  private static double time(Workload w, int repeats) {
    double[] seconds = new double[repeats];
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      SquareConvolution convolution = new SquareConvolution(w.channels(), w.kernel(), w.stride());
      NDArray x = manager.randomUniform(0f, 1f, new Shape(w.input()));
      NDArray kernel = manager.randomNormal(0f, 0.05f, convolution.weightShape(x.getShape()), ai.djl.ndarray.types.DataType.FLOAT32);
      x.setRequiresGradient(true);
      kernel.setRequiresGradient(true);
      for (int i = -1; i < repeats; i++) {
        long start = System.nanoTime();
        try (NDManager step = manager.newSubManager(); GradientCollector collector = manager.getEngine().newGradientCollector()) {
          NDArray y = convolution.apply(x, kernel);
          step.tempAttachAll(y);
          collector.backward(y.sum());
        }
        if (i >= 0) {
          seconds[i] = (System.nanoTime() - start) / 1e9;
        }
      }
    }
    return SequenceModelBenchmark.median(seconds);
  }

  /** One row per cap; each workload's median seconds and the cap's total time against the uncapped row's. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("CPU: ").append(HostCpu.current().describe()).append("; one libtorch thread per child: ")
        .append(System.getProperty("ai.djl.pytorch.num_threads", "engine default")).append("\n\n");
    out.append("| cap (DNNL_MAX_CPU_ISA) | ISA in use | self-check |");
    WORKLOADS.forEach(w -> out.append(" ").append(w.name()).append(", s |"));
    out.append(" total vs no cap |\n|---|---|---|");
    WORKLOADS.forEach(w -> out.append("---:|"));
    out.append("---:|\n");
    double reference = rows.stream().filter(r -> r.cap().equals(NO_CAP)).findFirst().map(EngineIsaBenchmark::total).orElse(Double.NaN);
    for (Row r : rows) {
      out.append("| ").append(r.cap()).append(" | ").append(r.isaInUse()).append(" | ").append(r.selfCheck()).append(" |");
      r.seconds().values().forEach(s -> out.append(String.format(Locale.ROOT, " %.4f |", s)));
      out.append(String.format(Locale.ROOT, " %.2fx |%n", total(r) / reference));
    }
    return out.toString();
  }

  private static double total(Row row) {
    return row.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
