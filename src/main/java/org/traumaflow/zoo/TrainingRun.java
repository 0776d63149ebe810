package org.traumaflow.zoo;

import java.io.Serializable;

/**
 * One run of the model zoo: a model trained on one fold split with one seed. Small and
 * self-contained, so a worker can train it from this record alone.
 *
 * @param model the model's name in the spec
 * @param configJson the network's {@code SequenceModelConfig} as JSON
 * @param pretrained the state dict its encoder starts from (a local path or {@code gs://...}),
 *     or null to start from the seed's initialisation
 * @param encoderPath the TorchScript encoder the network is built on and fine-tunes (a local path
 *     or {@code gs://...}; see {@code ScriptedEncoder}), or null for a built-in encoder
 * @param variant the preprocessing variant it trains on
 * @param folds the number of folds the patients are split into
 * @param fold the held-out fold, or {@link #ALL_PATIENTS}
 * @param seed initialisation, sampling and augmentation seed
 * @param epochs training epochs
 * @param batchSize windows per update (the effective batch)
 * @param accumulateBatches micro-batches per update: each takes {@code batchSize / accumulateBatches}
 *     windows through forward and backward, and their gradients add up to the batch's before the
 *     update, so a GPU holds one micro-batch's activations at a time
 * @param learningRate peak AdamW learning rate
 * @param warmupEpochs linear warm-up before the cosine decay
 * @param data the dataset location
 */
public record TrainingRun(
    String model,
    String configJson,
    String pretrained,
    String encoderPath,
    String variant,
    int folds,
    int fold,
    long seed,
    int epochs,
    int batchSize,
    int accumulateBatches,
    double learningRate,
    int warmupEpochs,
    String data) implements Serializable {

  /** {@link #fold} of a run that trains on every patient and has no out-of-fold predictions. */
  public static final int ALL_PATIENTS = -1;

  public TrainingRun {
    if (accumulateBatches < 1 || batchSize % accumulateBatches != 0) {
      throw new IllegalArgumentException("a batch of " + batchSize + " cannot be cut into " + accumulateBatches + " micro-batches of one size");
    }
  }

  /** Windows per forward and backward. */
  public int microBatchSize() {
    return batchSize / accumulateBatches;
  }

  /** The run's id and storage folder name: {@code model/fold-F-seed-S}. */
  public String id() {
    return model + "/fold-" + (fold == ALL_PATIENTS ? "all" : Integer.toString(fold)) + "-seed-" + seed;
  }
}
