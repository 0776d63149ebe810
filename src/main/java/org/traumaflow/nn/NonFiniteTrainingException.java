package org.traumaflow.nn;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A training step's loss or a parameter's gradient is NaN or infinite ({@link FiniteStep}). The
 * step's update is not made, so the network keeps the parameters of its last finite step; the
 * training stops, as every later step would build on the bad one. The message names the step,
 * its batch, the loss and the first parameter whose gradient is not finite.
 */
public final class NonFiniteTrainingException extends RuntimeException {
  private final EpochStep at;
  private final List<String> sampleIds;
  private final float loss;
  // Null when every gradient is finite: an Optional field would not serialise with the exception.
  private final String parameter;

  NonFiniteTrainingException(EpochStep at, List<String> sampleIds, float loss, Optional<String> parameter) {
    super(String.format(Locale.ROOT, "training went non-finite at epoch %d, step %d, on batch %s: loss %s, %s; "
            + "lower the learning rate, check the batch's data, or run traumaflow doctor to check the engine",
        at.epoch(), at.step(), sampleIds, loss, parameter.map(p -> "first non-finite gradient in " + p).orElse("all gradients finite")));
    this.at = at;
    this.sampleIds = List.copyOf(sampleIds);
    this.loss = loss;
    this.parameter = parameter.orElse(null);
  }

  public int epoch() {
    return at.epoch();
  }

  public int step() {
    return at.step();
  }

  /** The ids of the batch's samples, in batch order. */
  public List<String> sampleIds() {
    return sampleIds;
  }

  public float loss() {
    return loss;
  }

  /** The first parameter, by its DJL name in the block's order, whose gradient has a non-finite value; empty when all are finite. */
  public Optional<String> parameter() {
    return Optional.ofNullable(parameter);
  }
}
