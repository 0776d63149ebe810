package org.traumaflow.nn;

/**
 * What every trainer of this project is told, validated.
 *
 * @param epochs epochs in all
 * @param batchSize samples per optimizer step
 * @param learningRate AdamW's peak learning rate
 * @param weightDecay AdamW's decoupled weight decay
 * @param seed seeds the trainer's random draws
 */
public record TrainerSettings(int epochs, int batchSize, float learningRate, float weightDecay, long seed) {

  public TrainerSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("the learning rate must be in (0, 1), got " + learningRate);
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("the weight decay must be in [0, 1), got " + weightDecay);
    }
  }

  /** Optimizer steps in one epoch of {@code samples} samples (the last batch may be smaller). */
  public int stepsPerEpoch(int samples) {
    return (samples + batchSize - 1) / batchSize;
  }
}
