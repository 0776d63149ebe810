package org.traumaflow.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Stage-1 inference (METHOD.md): organ masks for every slice of a stage-1 volume. The volume is
 * cut into non-overlapping chunks of the model's depth (the last one zero-padded), each chunk
 * runs through the network in inference mode, and a voxel is in an organ's mask when the organ's
 * sigmoid probability is above the threshold (0.5 in the method; see {@link SegmentationInference}).
 * A checkpoint of several fold models ({@link FoldSelection#MEAN}) runs each chunk through all
 * of them and thresholds the mean of their probabilities.
 *
 * <p>Load once (per worker) and reuse: the parameters are frozen, and every call runs in its own
 * {@link NDManager} that is closed before it returns, so memory stays flat over any number of
 * studies. {@link #segment} is thread-safe: concurrent calls share the read-only parameters.
 * Closing the segmenter while a call runs is not allowed.
 *
 * <pre>{@code
 * try (OrganSegmenter segmenter = OrganSegmenter.load(checkpointDir)) {
 *   OrganMasks masks = segmenter.segment(input.voxels(), input.slices(), 128, 128);
 *   OrganVisibility visibility = OrganVisibility.of(masks);
 *   CropBox crop = CropBox.of(masks);
 * }
 * }</pre>
 */
public final class OrganSegmenter implements AutoCloseable {
  private final SegmentationEnsemble models;

  /** Takes ownership of the fold models (closed with the segmenter) and freezes their parameters. */
  public OrganSegmenter(SegmentationEnsemble models) {
    SegmentationConfig config = models.config();
    if (config.outputs() != Organ.COUNT) {
      throw new IllegalArgumentException("the model predicts " + config.outputs() + " channels, one per organ (" + Organ.COUNT + ") is needed");
    }
    // Frozen parameters record no autograd graph, whatever the calling thread's grad mode.
    models.models().forEach(model -> model.block().freezeParameters(true));
    this.models = models;
  }

  /** One model on its own; takes ownership of it. */
  public OrganSegmenter(SegmentationModel model) {
    this(SegmentationEnsemble.of(model));
  }

  /** Loads and verifies a checkpoint with all its fold models (see {@link SegmentationCheckpoint#load}). */
  public static OrganSegmenter load(Path checkpoint) throws IOException {
    return new OrganSegmenter(SegmentationCheckpoint.load(checkpoint));
  }

  public SegmentationConfig config() {
    return models.config();
  }

  /** The fold models this segmenter runs and how they were chosen. */
  public CheckpointFolds folds() {
    return models.folds();
  }

  /** The organ masks of a volume with the method's settings ({@link SegmentationInference#of}). */
  public OrganMasks segment(float[] volume, int slices, int height, int width) {
    return segment(volume, slices, height, width, SegmentationInference.of(models.config()));
  }

  /**
   * The organ masks of a volume.
   *
   * @param volume {@code slices x height x width} values in [0, 1] (window 50/400, slice-major),
   *     as the stage-1 preprocessing makes them
   * @param height rows, equal to the model's input size
   * @param width columns, equal to the model's input size
   * @param inference chunk depth and threshold
   * @return masks for all {@code slices} slices
   */
  public OrganMasks segment(float[] volume, int slices, int height, int width, SegmentationInference inference) {
    SegmentationConfig config = models.config();
    if (slices < 1) {
      throw new IllegalArgumentException("a volume needs at least one slice, got " + slices);
    }
    if (height != config.inputSize() || width != config.inputSize()) {
      throw new IllegalArgumentException(
          "the model takes " + config.inputSize() + " x " + config.inputSize() + " slices, got " + height + " x " + width);
    }
    int plane = height * width;
    if (volume.length != (long) slices * plane) {
      throw new IllegalArgumentException("a volume of " + slices + " x " + height + " x " + width + " needs " + (long) slices * plane + " values, got " + volume.length);
    }
    int depth = inference.chunkDepth();
    if (depth % config.downsampling() != 0) {
      throw new IllegalArgumentException(
          "the chunk depth must be a multiple of the network's downsampling " + config.downsampling() + ", got " + depth);
    }
    float threshold = (float) inference.threshold();
    byte[] voxels = new byte[Organ.COUNT * slices * plane];
    int[] starts = VolumeChunks.inferenceStarts(slices, depth);
    int chunkValues = depth * plane;
    for (int first = 0; first < starts.length; first += inference.batchChunks()) {
      int batch = Math.min(inference.batchChunks(), starts.length - first);
      float[] chunks = new float[batch * chunkValues];
      for (int b = 0; b < batch; b++) {
        VolumeChunks.copyChunk(volume, slices, plane, starts[first + b], depth, chunks, b * chunkValues);
      }
      byte[] predicted;
      try (NDManager call = models.models().get(0).model().getNDManager().newSubManager()) {
        NDArray input = call.create(chunks, new Shape(batch, 1, depth, height, width));
        NDArray sum = null;
        for (SegmentationModel model : models.models()) {
          NDArray logits = model.block().forward(new ParameterStore(call, false), new NDList(input), false).singletonOrThrow();
          NDArray probability = Activation.sigmoid(logits);
          sum = sum == null ? probability : sum.add(probability);
        }
        predicted = sum.div(models.models().size()).gt(threshold).toType(DataType.UINT8, false).toByteArray();
      }
      for (int b = 0; b < batch; b++) {
        int start = starts[first + b];
        int valid = Math.min(depth, slices - start);
        for (Organ organ : Organ.values()) {
          System.arraycopy(predicted, (b * Organ.COUNT + organ.channel()) * chunkValues, voxels, (organ.channel() * slices + start) * plane, valid * plane);
        }
      }
    }
    return new OrganMasks(slices, height, width, voxels);
  }

  @Override
  public void close() {
    models.close();
  }
}
