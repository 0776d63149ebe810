package org.traumaflow.nn;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate of both stages' trainers: a linear warm-up from {@code peak / warmupSteps}
 * to {@code peak} over the first {@code warmupSteps} updates, then a cosine decay from
 * {@code peak} to 0 at update {@code totalSteps}. Updates count from 1, as DJL's optimizers
 * count them.
 *
 * <p>{@code firstStep} shifts the count: a resumed training's fresh optimizer counts from 1
 * again, and the schedule must go on where the interrupted one stopped.
 *
 * @param peak the largest rate, reached at the end of the warm-up
 * @param warmupSteps updates of linear warm-up, 0 for none
 * @param totalSteps all updates of the training, warm-up included
 * @param firstStep updates already taken before the optimizer's first one
 */
public record CosineSchedule(float peak, int warmupSteps, int totalSteps, int firstStep) implements Tracker {

  public CosineSchedule {
    if (!(peak > 0 && Float.isFinite(peak))) {
      throw new IllegalArgumentException("the peak learning rate must be positive, got " + peak);
    }
    if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 1 or more steps and a warm-up of 0..all of them, got " + warmupSteps + " of " + totalSteps);
    }
    if (firstStep < 0) {
      throw new IllegalArgumentException("the first step cannot be negative, got " + firstStep);
    }
  }

  /** A schedule that starts at its beginning. */
  public static CosineSchedule of(float peak, int warmupSteps, int totalSteps) {
    return new CosineSchedule(peak, warmupSteps, totalSteps, 0);
  }

  /** The same schedule for an optimizer that starts after {@code stepsTaken} updates. */
  public CosineSchedule resumedAfter(int stepsTaken) {
    return new CosineSchedule(peak, warmupSteps, totalSteps, stepsTaken);
  }

  /** The rate of the optimizer's {@code numUpdate}-th update (from 1). */
  @Override
  public float getNewValue(int numUpdate) {
    return rate(firstStep + numUpdate);
  }

  /** The rate of the training's {@code step}-th update (from 1), whatever {@code firstStep} is. */
  public float rate(int step) {
    if (step <= warmupSteps) {
      return peak * Math.max(step, 1) / warmupSteps;
    }
    if (step >= totalSteps) {
      return 0f;
    }
    double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }
}
