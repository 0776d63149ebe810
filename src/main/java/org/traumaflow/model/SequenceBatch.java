package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;
import org.traumaflow.sequence.SequenceSample;

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

  /**
   * Images only, for inference: {@code (B, 32, 3, S, S)}. The bytes go to libtorch as they are
   * and become floats there, as {@code torch.from_numpy(images).float() / 255} makes them in
   * Python (the same values as {@code (b & 0xff) / 255f}): a bulk copy instead of a Java loop
   * over 14 million voxels a 384 px window.
   */
  static NDArray images(NDManager manager, List<SequenceSample> samples) {
    SequenceSample first = samples.get(0);
    int size = first.size();
    int values = first.images().length;
    ByteBuffer bytes = manager.allocateDirect(samples.size() * values);
    for (SequenceSample s : samples) {
      if (s.size() != size) {
        throw new IllegalArgumentException("a batch needs one slice size: " + s + " is not " + size + " px");
      }
      bytes.put(s.images());
    }
    bytes.rewind();
    Shape shape = new Shape(samples.size(), STEPS, SequenceSample.CHANNELS, size, size);
    try (NDArray raw = manager.create(bytes, shape, DataType.UINT8); NDArray floats = raw.toType(DataType.FLOAT32, false)) {
      return floats.div(255f);
    }
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
