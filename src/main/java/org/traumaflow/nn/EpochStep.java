package org.traumaflow.nn;

/**
 * Where a training loop is, for what it reports: the epoch and the step within it, both counted
 * from 1 as the epoch reports count epochs.
 */
public record EpochStep(int epoch, int step) {

  public EpochStep {
    if (epoch < 1 || step < 1) {
      throw new IllegalArgumentException("epochs and steps count from 1, got epoch " + epoch + ", step " + step);
    }
  }
}
