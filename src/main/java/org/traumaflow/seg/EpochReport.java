package org.traumaflow.seg;

import java.util.Locale;

/**
 * What one training epoch gave.
 *
 * @param epoch the epoch, from 1
 * @param epochs the planned number of epochs
 * @param steps optimizer steps taken in this epoch
 * @param meanLoss the mean multilabel Dice loss of its training batches
 * @param learningRate the learning rate of its last step
 * @param validationDice per {@link Organ}, in channel order, the thresholded Dice over the
 *     held-out samples; empty when there are none
 */
public record EpochReport(int epoch, int epochs, int steps, double meanLoss, double learningRate, double[] validationDice) {

  public EpochReport {
    validationDice = validationDice.clone();
  }

  @Override
  public double[] validationDice() {
    return validationDice.clone();
  }

  /** Whether held-out samples were scored. */
  public boolean validated() {
    return validationDice.length > 0;
  }

  /** {@code organ}'s validation Dice. */
  public double dice(Organ organ) {
    if (!validated()) {
      throw new IllegalStateException("epoch " + epoch + " had no validation samples");
    }
    return validationDice[organ.channel()];
  }

  /** One line: {@code epoch 3/10  loss 0.4210  lr 4.1e-04  dice liver 0.912 spleen 0.870 ...}. */
  public String format() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  lr %.2e", epoch, epochs, meanLoss, learningRate));
    if (validated()) {
      line.append("  dice");
      for (Organ organ : Organ.values()) {
        line.append(String.format(Locale.ROOT, " %s %.3f", organ.name().toLowerCase(Locale.ROOT), validationDice[organ.channel()]));
      }
    }
    return line.toString();
  }
}
