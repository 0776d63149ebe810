package org.traumaflow.seg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a stage-1 volume ({@code slices x height x width}, slice-major) into the fixed-depth
 * chunks the 3D network takes (METHOD.md, stage 1): overlapping chunks with a stride for
 * training, non-overlapping ones for inference. Slices past the end of the volume are zeros.
 */
public final class VolumeChunks {
  private VolumeChunks() {}

  /**
   * First slices of the training chunks: {@code 0, stride, 2 stride, ...} while the chunk fits,
   * plus one chunk ending at the last slice when the stride leaves slices uncovered; a volume
   * shorter than {@code depth} gives one chunk at 0 (zero-padded). Every slice is in at least one
   * chunk.
   */
  public static int[] trainingStarts(int slices, int depth, int stride) {
    checkPositive(slices, depth);
    if (stride < 1 || stride > depth) {
      throw new IllegalArgumentException("the stride must be 1..depth (" + depth + "), got " + stride);
    }
    if (slices <= depth) {
      return new int[] {0};
    }
    List<Integer> starts = new ArrayList<>();
    int start = 0;
    for (; start + depth <= slices; start += stride) {
      starts.add(start);
    }
    int last = starts.get(starts.size() - 1);
    if (last + depth < slices) {
      starts.add(slices - depth);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * First slices of the inference chunks: {@code 0, depth, 2 depth, ...}, with the last chunk
   * moved back to end at the last slice when the volume is longer than one chunk, so that every
   * chunk is full of real slices as in training (a chunk half of zero padding segments worse);
   * only a volume shorter than {@code depth} is zero-padded. Every slice is covered; the last
   * chunk may overlap the one before it.
   */
  public static int[] inferenceStarts(int slices, int depth) {
    checkPositive(slices, depth);
    int chunks = (slices + depth - 1) / depth;
    int[] starts = new int[chunks];
    for (int i = 0; i < chunks; i++) {
      starts[i] = i * depth;
    }
    if (slices > depth) {
      starts[chunks - 1] = slices - depth;
    }
    return starts;
  }

  /**
   * Copies slices {@code [start, start + depth)} of a slice-major volume into {@code target} at
   * {@code targetOffset}; slices at or past {@code slices} are written as zeros.
   */
  public static void copyChunk(float[] volume, int slices, int sliceVoxels, int start, int depth, float[] target, int targetOffset) {
    int valid = Math.max(0, Math.min(depth, slices - start));
    System.arraycopy(volume, start * sliceVoxels, target, targetOffset, valid * sliceVoxels);
    Arrays.fill(target, targetOffset + valid * sliceVoxels, targetOffset + depth * sliceVoxels, 0f);
  }

  /**
   * The training samples of one series: chunks of {@code depth} slices every {@code stride}
   * slices (see {@link #trainingStarts}), with their masks.
   *
   * @param volume {@code masks.slices() x masks.height() x masks.width()} values in [0, 1]
   */
  public static List<SegmentationSample> trainingSamples(String patientId, String seriesId, float[] volume, OrganMasks masks, int depth, int stride) {
    int slices = masks.slices();
    int plane = masks.sliceVoxels();
    if (volume.length != (long) slices * plane) {
      throw new IllegalArgumentException("the volume has " + volume.length + " values, its masks need " + (long) slices * plane);
    }
    List<SegmentationSample> samples = new ArrayList<>();
    for (int start : trainingStarts(slices, depth, stride)) {
      float[] image = new float[depth * plane];
      copyChunk(volume, slices, plane, start, depth, image, 0);
      byte[] chunkMasks = new byte[Organ.COUNT * depth * plane];
      int valid = Math.min(depth, slices - start);
      for (Organ organ : Organ.values()) {
        System.arraycopy(masks.voxels(), masks.sliceOffset(organ, start), chunkMasks, organ.channel() * depth * plane, valid * plane);
      }
      samples.add(new SegmentationSample(patientId, seriesId, start, depth, masks.height(), masks.width(), image, chunkMasks));
    }
    return samples;
  }

  private static void checkPositive(int slices, int depth) {
    if (slices < 1) {
      throw new IllegalArgumentException("a volume needs at least one slice, got " + slices);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("the chunk depth must be positive, got " + depth);
    }
  }
}
