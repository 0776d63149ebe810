package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.traumaflow.nn.MultilabelDice;

/**
 * The stage-2 loss (METHOD.md): binary cross-entropy of the per-step logits against the soft
 * targets, averaged over batch, steps and outputs, plus {@code auxWeight} times the sum of the
 * aux head's multilabel soft Dice losses, one per mask output ({@link MultilabelDice}, smoothing
 * 1, over the whole batch per mask organ): the seed's {@code loss1 + (dice(masks) + dice(masks2)) * 0.125}
 * for the CNN heads, one Dice term for the UNet head.
 */
final class SequenceLoss {
  private SequenceLoss() {}

  /** The scalar loss of the network's {@code outputs} (logits, then one array per mask output) on {@code batch}. */
  static NDArray of(NDList outputs, SequenceBatch batch, float auxWeight) {
    NDArray loss = binaryCrossEntropy(outputs.get(0), batch.targets());
    if (auxWeight == 0) {
      return loss;
    }
    if (outputs.size() != batch.masks().size() + 1) {
      throw new IllegalArgumentException((outputs.size() - 1) + " mask outputs, the batch has masks for " + batch.masks().size());
    }
    NDArray dice = MultilabelDice.loss(outputs.get(1), batch.masks().get(0), MultilabelDice.SMOOTH);
    for (int m = 1; m < batch.masks().size(); m++) {
      dice = dice.add(MultilabelDice.loss(outputs.get(m + 1), batch.masks().get(m), MultilabelDice.SMOOTH));
    }
    return loss.add(dice.mul(auxWeight));
  }

  /**
   * The mean of {@code max(x, 0) - x t + log(1 + exp(-|x|))}, PyTorch's numerically stable
   * {@code binary_cross_entropy_with_logits}, which takes soft targets {@code t} in [0, 1].
   */
  static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
    if (!logits.getShape().equals(targets.getShape())) {
      throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + targets.getShape() + " differ in shape");
    }
    return logits.maximum(0f).sub(logits.mul(targets)).add(Activation.softPlus(logits.abs().neg())).mean();
  }
}
