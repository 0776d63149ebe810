package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.traumaflow.volume.SequenceSample;
import org.traumaflow.volume.SequenceSample.MaskOrgan;

/**
 * A batch of samples as the network and the loss take them, in one {@link NDManager}.
 *
 * @param images {@code (B, 32, 3, S, S)} float32, the bytes divided by 255 (the method uses no
 *     mean/std normalisation)
 * @param targets {@code (B, 32, outputs)} the task's soft targets
 * @param masks16 {@code (B * 32, 4, S/16, S/16)} the aux masks at the stride-16 head's resolution
 * @param masks32 {@code (B * 32, 4, S/32, S/32)} the same at the stride-32 head's
 */
record SequenceBatch(NDArray images, NDArray targets, NDArray masks16, NDArray masks32) {
  private static final int STEPS = SequenceSample.STEPS;

  /** Images only, for inference: {@code (B, 32, 3, S, S)}. */
  static NDArray images(NDManager manager, List<SequenceSample> samples) {
    SequenceSample first = samples.get(0);
    int size = first.size();
    int values = first.images().length;
    float[] data = new float[samples.size() * values];
    for (int i = 0; i < samples.size(); i++) {
      SequenceSample s = samples.get(i);
      if (s.size() != size) {
        throw new IllegalArgumentException("a batch needs one slice size: " + s + " is not " + size + " px");
      }
      byte[] bytes = s.images();
      int base = i * values;
      for (int j = 0; j < values; j++) {
        data[base + j] = (bytes[j] & 0xff) / 255f;
      }
    }
    return manager.create(data, new Shape(samples.size(), STEPS, SequenceSample.CHANNELS, size, size));
  }

  /** Images, targets and masks of {@code samples}, which must all have {@code config}'s input size. */
  static SequenceBatch of(NDManager manager, SequenceModelConfig config, List<SequenceSample> samples) {
    SequenceTask task = config.task();
    int outputs = task.outputs();
    float[] targets = new float[samples.size() * STEPS * outputs];
    int size16 = config.inputSize() / 16;
    int size32 = config.inputSize() / 32;
    int planes = STEPS * MaskOrgan.COUNT;
    float[] masks16 = new float[samples.size() * planes * size16 * size16];
    float[] masks32 = new float[samples.size() * planes * size32 * size32];
    for (int i = 0; i < samples.size(); i++) {
      SequenceSample s = samples.get(i);
      if (s.size() != config.inputSize()) {
        throw new IllegalArgumentException(s + " does not match the model's " + config.inputSize() + " px input");
      }
      System.arraycopy(task.targetsOf(s), 0, targets, i * STEPS * outputs, STEPS * outputs);
      MaskGrid.resample(s.masks(), planes, s.maskSize(), size16, masks16, i * planes * size16 * size16);
      MaskGrid.resample(s.masks(), planes, s.maskSize(), size32, masks32, i * planes * size32 * size32);
    }
    long b = samples.size();
    return new SequenceBatch(
        images(manager, samples),
        manager.create(targets, new Shape(b, STEPS, outputs)),
        manager.create(masks16, new Shape(b * STEPS, MaskOrgan.COUNT, size16, size16)),
        manager.create(masks32, new Shape(b * STEPS, MaskOrgan.COUNT, size32, size32)));
  }
}
