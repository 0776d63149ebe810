package org.traumaflow.model;

import ai.djl.Device;
import java.io.Serializable;
import org.traumaflow.sequence.SequenceSample;

/**
 * How a stage-2 member takes windows when it predicts: {@code windows} windows go through the GRU
 * together, and their triplets through the encoder {@code tripletsPerPass} at a time. Neither
 * changes the probabilities beyond float rounding; both change speed and memory. A GPU is fastest
 * with whole windows, several at once, and takes them so ({@link #on}); a CPU with a few triplets
 * per encoder pass (BENCHMARKS.md, "Scoring throughput"). A TorchScript member is one opaque
 * module and always takes its windows' triplets in one pass.
 */
public record InferenceBatch(int windows, int tripletsPerPass) implements Serializable {
  public InferenceBatch {
    if (windows < 1 || tripletsPerPass < 1) {
      throw new IllegalArgumentException("an inference batch needs at least one window and one triplet per encoder pass, got "
          + windows + " and " + tripletsPerPass);
    }
  }

  /**
   * The batch as {@code device} runs it: a GPU takes whole windows, whatever the triplets per pass
   * say, so one spec serves CPU and GPU workers.
   */
  public InferenceBatch on(Device device) {
    return device.isGpu() ? wholeWindows(windows) : this;
  }

  /** {@code windows} windows per forward pass, all their triplets in one encoder pass. */
  public static InferenceBatch wholeWindows(int windows) {
    return new InferenceBatch(windows, windows * SequenceSample.STEPS);
  }

  @Override
  public String toString() {
    return windows + (windows == 1 ? " window, " : " windows, ") + tripletsPerPass + " triplets per encoder pass";
  }
}
