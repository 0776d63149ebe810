package org.traumaflow.model;

import java.util.Locale;

/**
 * What one stage-2 training epoch gave.
 *
 * @param epoch the epoch, from 1
 * @param epochs the planned number of epochs
 * @param steps optimizer steps taken in this epoch
 * @param meanLoss the mean loss (BCE + aux Dice) of its training batches, augmented
 * @param validationLoss the same loss on the held-out samples in inference mode, without
 *     augmentation; NaN when there are none
 * @param learningRate the learning rate of its last step
 */
public record SequenceEpochReport(int epoch, int epochs, int steps, double meanLoss, double validationLoss, double learningRate) {

  /** Whether held-out samples were scored. */
  public boolean validated() {
    return !Double.isNaN(validationLoss);
  }

  /** One line: {@code epoch 3/10  loss 0.4210  val 0.3990  lr 4.1e-04}. */
  public String format() {
    String line = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", epoch, epochs, meanLoss);
    if (validated()) {
      line += String.format(Locale.ROOT, "  val %.4f", validationLoss);
    }
    return line + String.format(Locale.ROOT, "  lr %.2e", learningRate);
  }
}
