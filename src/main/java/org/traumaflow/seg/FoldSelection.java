package org.traumaflow.seg;

/**
 * What a multi-fold stage-1 training keeps of its fold models, and so how stage-1 inference
 * uses the checkpoint.
 */
public enum FoldSelection {
  /** Every fold model is kept; inference averages their sigmoid probabilities, then thresholds. */
  MEAN,
  /** Only the fold model with the highest held-out Dice (mean over the organs) is kept. */
  BEST
}
