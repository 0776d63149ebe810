package org.traumaflow.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.traumaflow.engine.KnownAnswers.Case;
import org.traumaflow.engine.KnownAnswers.Summary;

/**
 * A known-answer check of libtorch's CPU kernels: forward and backward of small 2D and 3D
 * convolution + batch norm + ReLU blocks and a GRU, against {@link KnownAnswers}, a few
 * milliseconds. Before each run it fills and frees memory with NaN, so a kernel that reads memory
 * it never wrote (what oneDNN's AVX kernels do on some CPUs: docs/troubleshooting.md) gives NaN or a
 * wrong sum every time rather than only when the allocator happens to hand it dirty memory.
 *
 * <p>{@link #requirePassed()} runs it once per JVM; the models call it before they train or score.
 */
public final class EngineSelfCheck {
  /** Runs of each case: the uninitialised reads it looks for do not show on every run. */
  static final int RUNS = 3;
  private static final String FIX = "start Java through ./traumaflow or scripts/engine-env (it caps oneDNN on CPUs known to need it),"
      + " or set DNNL_MAX_CPU_ISA=SSE41 in the environment before the JVM starts; see docs/troubleshooting.md";

  private static Outcome jvmOutcome;

  private EngineSelfCheck() {}

  /** One quantity of one case that did not match. */
  public record Mismatch(String caseName, String quantity, int run, String detail) {
    public String describe() {
      return caseName + ": " + quantity.replace('_', ' ') + " " + detail + " (run " + run + " of " + RUNS + ")";
    }
  }

  /** What one check found. */
  public record Outcome(List<Mismatch> mismatches, int cases, Duration time, String reference) {
    public boolean passed() {
      return mismatches.isEmpty();
    }

    /** "passed: 4 blocks x 3 runs in 41 ms against ..." or the first mismatch. */
    public String describe() {
      String runs = cases + " blocks x " + RUNS + " runs in " + time.toMillis() + " ms";
      return passed()
          ? "passed: " + runs + ", forward and backward, against " + reference
          : "FAILED: " + mismatches.get(0).describe() + "; " + mismatches.size() + " mismatch(es) in " + runs;
    }
  }

  /**
   * Refuses to go on, once per JVM, when the engine gives wrong numbers on this machine.
   *
   * @throws EngineSelfCheckException naming the CPU, the failing operation and the fix
   */
  public static synchronized void requirePassed() {
    if (jvmOutcome == null) {
      jvmOutcome = run(KnownAnswers.builtIn());
    }
    if (!jvmOutcome.passed()) {
      HostCpu cpu = HostCpu.current();
      throw new EngineSelfCheckException("libtorch " + Engine.getEngine("PyTorch").getVersion() + " gives wrong numbers on "
          + cpu.describe() + " with oneDNN " + OneDnnIsa.of(cpu, System.getenv()).describe() + ": "
          + jvmOutcome.mismatches().get(0).describe() + "; refusing to train or score. Fix: " + FIX);
    }
  }

  /** Runs every case of {@code answers} {@link #RUNS} times on the CPU. */
  public static Outcome run(KnownAnswers answers) {
    long start = System.nanoTime();
    List<Mismatch> mismatches = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      for (Case c : answers.cases()) {
        for (int run = 1; run <= RUNS; run++) {
          try (NDManager step = manager.newSubManager()) {
            poison(step);
            Map<String, Summary> got = compute(step, c);
            mismatches.addAll(compare(c, got, run, answers.relativeTolerance()));
          }
        }
      }
    }
    return new Outcome(List.copyOf(mismatches), answers.cases().size(), Duration.ofNanos(System.nanoTime() - start), answers.reference());
  }

  /** Leaves freed memory of many sizes full of NaN for the allocator to hand out next. */
  private static void poison(NDManager manager) {
    for (int size = 1 << 8; size <= 1 << 19; size <<= 1) {
      manager.full(new Shape(size), Float.NaN).close();
    }
  }

  private static Map<String, Summary> compute(NDManager manager, Case c) {
    return switch (c.kind()) {
      case "conv_bn_relu" -> convBnRelu(manager, c);
      case "gru" -> gru(manager, c);
      default -> throw new IllegalArgumentException("known answers: unknown kind '" + c.kind() + "' in case " + c.name());
    };
  }

  private static Map<String, Summary> convBnRelu(NDManager manager, Case c) {
    Shape input = new Shape(c.input().stream().mapToLong(Integer::longValue).toArray());
    SquareConvolution convolution = new SquareConvolution(c.channels(), c.kernel(), c.stride());
    NDArray x = trainable(manager, input, 1.0, 0.37, 0.1, 0);
    NDArray w = trainable(manager, convolution.weightShape(input), 0.2, 0.53, 0.7, 0);
    NDArray gamma = trainable(manager, new Shape(c.channels()), 0.1, 0.91, 0.2, 1.0);
    NDArray beta = trainable(manager, new Shape(c.channels()), 0.1, 1.3, 0.5, 0);
    NDArrayEx ex = x.getNDArrayInternal();
    NDArray y;
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDArray conv = convolution.apply(x, w);
      NDArray normed = ex.batchNorm(conv, manager.zeros(new Shape(c.channels())), manager.ones(new Shape(c.channels())), gamma, beta, 1, 0.1f, 1e-5f, true)
          .singletonOrThrow();
      y = Activation.relu(normed);
      collector.backward(y.mul(formula(manager, y.getShape(), 1.0, 0.29, 0.3, 0)).sum());
    }
    Map<String, Summary> got = new LinkedHashMap<>();
    got.put("output", Summary.of(y.toFloatArray()));
    got.put("input_gradient", Summary.of(x.getGradient().toFloatArray()));
    got.put("weight_gradient", Summary.of(w.getGradient().toFloatArray()));
    got.put("gamma_gradient", Summary.of(gamma.getGradient().toFloatArray()));
    got.put("beta_gradient", Summary.of(beta.getGradient().toFloatArray()));
    return got;
  }

  private static Map<String, Summary> gru(NDManager manager, Case c) {
    long batch = c.input().get(0);
    long features = c.input().get(2);
    long gates = 3L * c.hidden();
    NDArray x = trainable(manager, new Shape(batch, c.input().get(1), features), 1.0, 0.37, 0.1, 0);
    NDArray inputWeight = trainable(manager, new Shape(gates, features), 0.3, 0.53, 0.7, 0);
    NDArray hiddenWeight = trainable(manager, new Shape(gates, c.hidden()), 0.3, 0.61, 0.9, 0);
    NDArray inputBias = trainable(manager, new Shape(gates), 0.1, 0.91, 0.2, 0);
    NDArray hiddenBias = trainable(manager, new Shape(gates), 0.1, 1.3, 0.5, 0);
    NDArray y;
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      y = x.getNDArrayInternal()
          .gru(x, manager.zeros(new Shape(1, batch, c.hidden())), new NDList(inputWeight, hiddenWeight, inputBias, hiddenBias), true, 1, 0.0, true, false, true)
          .get(0);
      collector.backward(y.mul(formula(manager, y.getShape(), 1.0, 0.29, 0.3, 0)).sum());
    }
    Map<String, Summary> got = new LinkedHashMap<>();
    got.put("output", Summary.of(y.toFloatArray()));
    got.put("input_gradient", Summary.of(x.getGradient().toFloatArray()));
    got.put("input_weight_gradient", Summary.of(inputWeight.getGradient().toFloatArray()));
    got.put("hidden_weight_gradient", Summary.of(hiddenWeight.getGradient().toFloatArray()));
    got.put("input_bias_gradient", Summary.of(inputBias.getGradient().toFloatArray()));
    got.put("hidden_bias_gradient", Summary.of(hiddenBias.getGradient().toFloatArray()));
    return got;
  }

  private static List<Mismatch> compare(Case c, Map<String, Summary> got, int run, double relativeTolerance) {
    List<Mismatch> mismatches = new ArrayList<>();
    for (Map.Entry<String, Summary> expected : c.values().entrySet()) {
      Summary want = expected.getValue();
      Summary have = got.get(expected.getKey());
      if (have == null) {
        throw new IllegalArgumentException("known answers: case " + c.name() + " names '" + expected.getKey() + "', which it does not compute");
      }
      double tolerance = relativeTolerance * Math.max(want.absSum(), 1e-6);
      String detail = null;
      if (!Double.isFinite(have.absSum())) {
        detail = "is not finite (NaN or infinity)";
      } else if (Math.abs(have.sum() - want.sum()) > tolerance) {
        detail = differs("sum", have.sum(), want.sum(), tolerance);
      } else if (Math.abs(have.weightedSum() - want.weightedSum()) > tolerance) {
        detail = differs("weighted sum", have.weightedSum(), want.weightedSum(), tolerance);
      } else if (Math.abs(have.absSum() - want.absSum()) > tolerance) {
        detail = differs("sum of absolute values", have.absSum(), want.absSum(), tolerance);
      }
      if (detail != null) {
        mismatches.add(new Mismatch(c.name(), expected.getKey(), run, detail));
      }
    }
    return mismatches;
  }

  private static String differs(String statistic, double have, double want, double tolerance) {
    return String.format(Locale.ROOT, "has %s %.6g where the reference has %.6g (tolerance %.3g)", statistic, have, want, tolerance);
  }

  /** {@code offset + scale * sin(a * i + b)} rounded to float32 for element i, as the reference script makes it. */
  private static NDArray formula(NDManager manager, Shape shape, double scale, double a, double b, double offset) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (offset + scale * Math.sin(a * i + b));
    }
    return manager.create(values, shape);
  }

  /** A {@link #formula} input or parameter whose gradient the check compares. */
  private static NDArray trainable(NDManager manager, Shape shape, double scale, double a, double b, double offset) {
    NDArray array = formula(manager, shape, scale, a, b, offset);
    array.setRequiresGradient(true);
    return array;
  }
}
