package org.traumaflow.seg;

import java.util.List;

/**
 * One fold model of a stage-1 checkpoint.
 *
 * @param fold the fold that was held out while it trained
 * @param heldOutDice its Dice per {@link Organ} on that fold after the last epoch, in channel
 *     order; empty when nothing was held out
 */
public record FoldMember(int fold, List<Double> heldOutDice) {

  public FoldMember {
    if (fold < 0) {
      throw new IllegalArgumentException("a fold cannot be negative, got " + fold);
    }
    heldOutDice = List.copyOf(heldOutDice);
    if (!heldOutDice.isEmpty() && heldOutDice.size() != Organ.COUNT) {
      throw new IllegalArgumentException("held-out Dice needs one value per organ (" + Organ.COUNT + "), got " + heldOutDice.size());
    }
  }

  /** A member trained on {@code fold}'s training patients, with {@code dice} per organ (possibly empty). */
  public static FoldMember of(int fold, double[] dice) {
    return new FoldMember(fold, java.util.Arrays.stream(dice).boxed().toList());
  }

  /** The mean held-out Dice over the organs: what {@link FoldSelection#BEST} ranks by; NaN without a held-out fold. */
  public double meanDice() {
    return heldOutDice.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
