package org.traumaflow.seg;

/**
 * How stage-1 inference runs a trained network (METHOD.md, "Stage 1": non-overlapping 32-slice
 * chunks, sigmoid above 0.5). Kept apart from the network's config because an operator tunes it
 * in the pipeline spec without retraining.
 *
 * @param chunkDepth stage-1 slices per forward pass; a multiple of the network's downsampling
 * @param threshold a voxel is in an organ when the organ's probability is above this (0..1, exclusive)
 * @param batchChunks chunks forwarded together: the same masks as one at a time, faster where the
 *     engine has more parallel work to do (a GPU), more memory for the activations
 */
public record SegmentationInference(int chunkDepth, double threshold, int batchChunks) implements java.io.Serializable {

  public SegmentationInference {
    if (batchChunks < 1) {
      throw new IllegalArgumentException("the chunks per forward pass must be at least 1, got " + batchChunks);
    }
    if (chunkDepth < 1) {
      throw new IllegalArgumentException("the chunk depth must be positive, got " + chunkDepth);
    }
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("the threshold must be between 0 and 1 (exclusive), got " + threshold);
    }
  }

  /** One chunk per forward pass. */
  public SegmentationInference(int chunkDepth, double threshold) {
    this(chunkDepth, threshold, 1);
  }

  /** The method's settings for a network: its own chunk depth, threshold 0.5, one chunk per forward pass. */
  public static SegmentationInference of(SegmentationConfig config) {
    return new SegmentationInference(config.chunkDepth(), 0.5);
  }
}
