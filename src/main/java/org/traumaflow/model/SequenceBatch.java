package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.volume.SequenceSample;
import org.traumaflow.volume.SequenceSample.MaskOrgan;

/**
 * A batch of samples as the network and the loss take them, in one {@link NDManager}.
 *
 * @param images {@code (B, 32, 3, S, S)} float32, the bytes divided by 255 (the method uses no
 *     mean/std normalisation)
 * @param targets {@code (B, 32, outputs)} the task's soft targets
 * @param masks per mask output of the model's {@link AuxHead}, in its order, the aux masks
 *     {@code (B * 32, 4, S/k, S/k)} at that output's stride {@code k} ({@link MaskGrid})
 */
record SequenceBatch(NDArray images, NDArray targets, List<NDArray> masks) {
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
    List<Integer> strides = config.head().maskStrides();
    int planes = STEPS * MaskOrgan.COUNT;
    float[][] masks = new float[strides.size()][];
    for (int m = 0; m < masks.length; m++) {
      int size = config.inputSize() / strides.get(m);
      masks[m] = new float[samples.size() * planes * size * size];
    }
    for (int i = 0; i < samples.size(); i++) {
      SequenceSample s = samples.get(i);
      if (s.size() != config.inputSize()) {
        throw new IllegalArgumentException(s + " does not match the model's " + config.inputSize() + " px input");
      }
      System.arraycopy(task.targetsOf(s), 0, targets, i * STEPS * outputs, STEPS * outputs);
      for (int m = 0; m < masks.length; m++) {
        int size = config.inputSize() / strides.get(m);
        MaskGrid.resample(s.masks(), planes, s.maskSize(), size, masks[m], i * planes * size * size);
      }
    }
    long b = samples.size();
    List<NDArray> maskArrays = new ArrayList<>();
    for (int m = 0; m < masks.length; m++) {
      int size = config.inputSize() / strides.get(m);
      maskArrays.add(manager.create(masks[m], new Shape(b * STEPS, MaskOrgan.COUNT, size, size)));
    }
    return new SequenceBatch(images(manager, samples), manager.create(targets, new Shape(b, STEPS, outputs)), maskArrays);
  }
}
