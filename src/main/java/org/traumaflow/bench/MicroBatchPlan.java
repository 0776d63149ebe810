package org.traumaflow.bench;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.traumaflow.engine.HostCpu;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequenceTrainer;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;

/**
 * How many windows of a model one training step can hold on a GPU of a given size, from one
 * forward and backward of one window measured on this CPU: how far the step raises the resident set
 * above what the network already held (libtorch's own allocations, which the JVM heap does not
 * see). That covers the window's activations, the gradients and the kernels' workspace, so it
 * overstates a window's share a little, towards smaller micro-batches. One window, not two:
 * an EfficientNetV2-S window at 384 px takes over 10 GB on the CPU, and two did not fit a 24 GB
 * machine. On the GPU a step also holds the CUDA context and, for AdamW, the weights, their
 * gradients and two moments in float32; a micro-batch must fit beside them with headroom. The
 * figure is meant for a fresh process, as {@code train --plan} is: one that has already freed memory
 * may reuse it for the step without raising its peak, and then understates a small model's window.
 */
public final class MicroBatchPlan {
  /** The CUDA context with cuDNN's and cuBLAS's workspaces, as a training process holds them. */
  static final long CUDA_CONTEXT_BYTES = 768L << 20;
  /** Bytes per parameter under AdamW in float32: the weight, its gradient and two moments. */
  static final int ADAMW_BYTES_PER_PARAMETER = 16;
  /** The share of the GPU a plan fills: fragmentation and allocator caching take the rest. */
  static final double USABLE_FRACTION = 0.9;

  /**
   * One model's plan.
   *
   * @param runs the spec's runs of this model (folds x seeds), which share the plan
   * @param windowBytes what one more window adds to a step's peak
   * @param batchSize the spec's effective batch
   * @param fitting the most windows one step holds on the GPU; 0 when not even one fits
   * @param specAccumulate the spec's {@code accumulate_batches}
   */
  public record Row(String model, int runs, int inputSize, long parameters, long windowBytes, int batchSize, int fitting, int specAccumulate) {
    /**
     * The largest micro-batch that fits and cuts the spec's batch into parts of one size (what
     * {@code accumulate_batches} requires); 0 when not even one window fits.
     */
    public int microBatch() {
      for (int micro = Math.min(fitting, batchSize); micro > 0; micro--) {
        if (batchSize % micro == 0) {
          return micro;
        }
      }
      return 0;
    }

    /** The {@code accumulate_batches} that reaches the spec's batch with {@link #microBatch()}. */
    public int accumulate() {
      return microBatch() == 0 ? 0 : batchSize / microBatch();
    }

    /** Whether the spec's own {@code accumulate_batches} gives micro-batches that fit. */
    public boolean specFits() {
      return batchSize / specAccumulate <= fitting;
    }
  }

  private MicroBatchPlan() {}

  /**
   * Measures {@code config}'s step on this CPU and sizes its micro-batch for {@code gpuBytes}.
   *
   * @throws IllegalStateException where the system cannot restart the peak measurement (not Linux)
   */
  public static Row measure(String model, int runs, SequenceModelConfig config, int batchSize, int specAccumulate, long gpuBytes) {
    List<SequenceSample> one = SequenceModelBenchmark.windows(1, config.inputSize(), new Random(1));
    long parameters;
    long windowBytes;
    try (SequenceModel network = SequenceModel.create(config, 1)) {
      parameters = network.parameterCount();
      // A zero learning rate: the step's forward and backward, without an optimizer's state.
      Optimizer noUpdate = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build();
      windowBytes = Math.max(stepPeak(network, one, noUpdate), 1);
    }
    long free = (long) (gpuBytes * USABLE_FRACTION) - CUDA_CONTEXT_BYTES - ADAMW_BYTES_PER_PARAMETER * parameters;
    int fitting = (int) Math.max(0, Math.min(batchSize, free / windowBytes));
    return new Row(model, runs, config.inputSize(), parameters, windowBytes, batchSize, fitting, specAccumulate);
  }

  private static long stepPeak(SequenceModel network, List<SequenceSample> batch, Optimizer optimizer) {
    System.gc();
    if (!PeakMemory.reset()) {
      throw new IllegalStateException("this system cannot restart the peak resident set (/proc/self/clear_refs), which the plan measures");
    }
    long before = PeakMemory.residentBytes().orElseThrow();
    SequenceTrainer.trainStep(network, batch, optimizer, new EpochStep(1, 1));
    return PeakMemory.residentBytes().orElseThrow() - before;
  }

  /** The plan as a Markdown table, naming the CPU it was measured on and the GPU size it is for. */
  public static String table(List<Row> rows, long gpuBytes) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Micro-batches for a GPU of %.1f GiB, measured on %s%n%n", gpuBytes / (double) (1L << 30), HostCpu.current().describe()));
    out.append("| model | runs | input px | parameters | MB per window | spec batch | micro-batch | accumulate | spec accumulates |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f M | %.0f | %d | %s | %s | %d%s |%n", r.model(), r.runs(), r.inputSize(),
          r.parameters() / 1e6, r.windowBytes() / 1e6, r.batchSize(),
          r.microBatch() == 0 ? "does not fit" : Integer.toString(r.microBatch()), r.microBatch() == 0 ? "-" : Integer.toString(r.accumulate()),
          r.specAccumulate(), r.specFits() ? "" : " (does not fit)"));
    }
    return out.toString();
  }
}
