package org.traumaflow.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * The stage-1 loss and score (METHOD.md: multilabel Dice loss): every output channel is its own
 * binary problem.
 *
 * <p>Loss: per channel, the soft Dice of the sigmoid probabilities {@code p} and the targets
 * {@code t} over the whole batch, {@code (2 sum(p t) + s) / (sum(p) + sum(t) + s)} with
 * smoothing {@code s}; the loss is 1 minus its mean over the channels. With {@code s = 1}
 * (the default), a channel absent from the batch still pushes its predictions towards empty.
 *
 * <p>Score: the same with thresholded predictions ({@code sigmoid > 0.5}) and no smoothing,
 * accumulated over many batches.
 */
public final class MultilabelDice {
  /** The loss's default smoothing. */
  public static final float SMOOTH = 1f;

  private MultilabelDice() {}

  /**
   * The multilabel soft Dice loss, a scalar.
   *
   * @param logits {@code (N, C, spatial...)} network outputs: {@code (N, C, D, H, W)} in stage 1,
   *     {@code (N, C, H, W)} for the stage-2 auxiliary heads
   * @param targets the same shape, 0 or 1, float
   */
  public static NDArray loss(NDArray logits, NDArray targets, float smooth) {
    int[] axes = batchAndSpace(logits, targets);
    NDArray p = Activation.sigmoid(logits);
    NDArray intersection = p.mul(targets).sum(axes);
    NDArray cardinality = p.sum(axes).add(targets.sum(axes));
    NDArray dice = intersection.mul(2f).add(smooth).div(cardinality.add(smooth));
    return dice.mean().neg().add(1f);
  }

  /**
   * Per channel: predicted-and-true, predicted and true voxel counts of a batch, thresholded at
   * sigmoid 0.5; a {@code (3, C)} long array.
   */
  public static long[][] counts(NDArray logits, NDArray targets) {
    int[] axes = batchAndSpace(logits, targets);
    NDArray predicted = Activation.sigmoid(logits).gt(0.5f).toType(DataType.FLOAT32, false);
    float[] both = predicted.mul(targets).sum(axes).toFloatArray();
    float[] positive = predicted.sum(axes).toFloatArray();
    float[] truth = targets.sum(axes).toFloatArray();
    long[][] counts = new long[3][both.length];
    for (int c = 0; c < both.length; c++) {
      counts[0][c] = Math.round(both[c]);
      counts[1][c] = Math.round(positive[c]);
      counts[2][c] = Math.round(truth[c]);
    }
    return counts;
  }

  /** Every axis but the channels (1), after checking that both arrays are the same {@code (N, C, spatial...)}. */
  private static int[] batchAndSpace(NDArray logits, NDArray targets) {
    int dimensions = logits.getShape().dimension();
    if (!logits.getShape().equals(targets.getShape()) || dimensions < 3) {
      throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + targets.getShape() + " must both be (N, C, spatial...)");
    }
    int[] axes = new int[dimensions - 1];
    for (int i = 1; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return axes;
  }

  /** Accumulates thresholded counts over batches and gives each channel's Dice. */
  public static final class Score {
    private final long[] both;
    private final long[] predicted;
    private final long[] truth;

    public Score(int channels) {
      both = new long[channels];
      predicted = new long[channels];
      truth = new long[channels];
    }

    public void add(NDArray logits, NDArray targets) {
      long[][] c = counts(logits, targets);
      add(c[0], c[1], c[2]);
    }

    /** Adds one batch's (or volume's) per-channel counts. */
    public void add(long[] bothCounts, long[] predictedCounts, long[] truthCounts) {
      for (int i = 0; i < both.length; i++) {
        both[i] += bothCounts[i];
        predicted[i] += predictedCounts[i];
        truth[i] += truthCounts[i];
      }
    }

    /**
     * Each channel's Dice, {@code 2 |P and T| / (|P| + |T|)}, over everything added; 1 for a
     * channel with neither a true nor a predicted voxel (nothing to find, nothing found).
     */
    public double[] dice() {
      double[] d = new double[both.length];
      for (int i = 0; i < d.length; i++) {
        long denominator = predicted[i] + truth[i];
        d[i] = denominator == 0 ? 1.0 : 2.0 * both[i] / denominator;
      }
      return d;
    }
  }
}
