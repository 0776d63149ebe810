package org.traumaflow.nn;

import java.util.function.Consumer;

/**
 * The settings every trainer of this project takes, for its builder to extend (like DJL's
 * {@code RecurrentBlock.BaseBuilder}): epochs, batch size, AdamW's peak learning rate and weight
 * decay, the seed, and a listener for each epoch's report. Each trainer gives its own defaults.
 *
 * @param <B> the trainer's builder
 * @param <R> the trainer's per-epoch report
 */
public abstract class TrainerBuilder<B extends TrainerBuilder<B, R>, R> {
  protected int epochs;
  protected int batchSize;
  protected float learningRate;
  private final float weightDecay;
  protected long seed;
  protected Consumer<R> listener = report -> {};

  protected TrainerBuilder(int epochs, int batchSize, float learningRate, float weightDecay, long seed) {
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.seed = seed;
  }

  protected abstract B self();

  public B optEpochs(int value) {
    epochs = value;
    return self();
  }

  public B optBatchSize(int value) {
    batchSize = value;
    return self();
  }

  /** The peak learning rate of the cosine schedule. */
  public B optLearningRate(float value) {
    learningRate = value;
    return self();
  }

  /** Seeds the trainer's random draws (see the trainer for which). */
  public B optSeed(long value) {
    seed = value;
    return self();
  }

  /** Called with each epoch's report as the epoch ends. */
  public B optListener(Consumer<R> value) {
    listener = value;
    return self();
  }

  /** The shared settings, validated; a trainer's {@code build()} takes them. */
  public TrainerSettings settings() {
    return new TrainerSettings(epochs, batchSize, learningRate, weightDecay, seed);
  }

  /** The listener, checked. */
  public Consumer<R> listener() {
    if (listener == null) {
      throw new IllegalArgumentException("the listener cannot be null");
    }
    return listener;
  }
}
