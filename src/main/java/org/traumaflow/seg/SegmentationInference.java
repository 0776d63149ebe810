package org.traumaflow.seg;

/**
 * How stage-1 inference runs a trained network (METHOD.md, "Stage 1": non-overlapping 32-slice
 * chunks, sigmoid above 0.5). Kept apart from the network's config because an operator tunes it
 * in the pipeline spec without retraining.
 *
 * @param chunkDepth stage-1 slices per forward pass; a multiple of the network's downsampling
 * @param threshold a voxel is in an organ when the organ's probability is above this (0..1, exclusive)
 */
public record SegmentationInference(int chunkDepth, double threshold) implements java.io.Serializable {

  public SegmentationInference {
    if (chunkDepth < 1) {
      throw new IllegalArgumentException("the chunk depth must be positive, got " + chunkDepth);
    }
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("the threshold must be between 0 and 1 (exclusive), got " + threshold);
    }
  }

  /** The method's settings for a network: its own chunk depth, threshold 0.5. */
  public static SegmentationInference of(SegmentationConfig config) {
    return new SegmentationInference(config.chunkDepth(), 0.5);
  }
}
