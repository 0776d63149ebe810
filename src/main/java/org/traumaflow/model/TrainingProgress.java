package org.traumaflow.model;

import java.util.List;

/**
 * How far a training run got, saved with each epoch's checkpoint so that a run can resume: the
 * plan it followed (to refuse resuming under another plan, whose schedule would differ) and the
 * reports of the epochs done.
 *
 * @param epoch epochs completed
 * @param epochs epochs planned
 * @param stepsPerEpoch optimizer steps per epoch
 * @param batchSize samples per step
 * @param seed the run's seed
 * @param reports one per completed epoch, in order
 */
public record TrainingProgress(int epoch, int epochs, int stepsPerEpoch, int batchSize, long seed, List<SequenceEpochReport> reports) {

  public TrainingProgress {
    reports = List.copyOf(reports);
    if (epoch < 0 || epoch > epochs || reports.size() != epoch) {
      throw new IllegalArgumentException("inconsistent progress: " + epoch + " of " + epochs + " epochs with " + reports.size() + " reports");
    }
  }

  /** Optimizer updates taken so far. */
  public int stepsTaken() {
    return epoch * stepsPerEpoch;
  }

  /** This progress after one more epoch. */
  TrainingProgress next(SequenceEpochReport report) {
    List<SequenceEpochReport> more = new java.util.ArrayList<>(reports);
    more.add(report);
    return new TrainingProgress(epoch + 1, epochs, stepsPerEpoch, batchSize, seed, more);
  }
}
