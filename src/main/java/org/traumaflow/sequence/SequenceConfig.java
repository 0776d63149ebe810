package org.traumaflow.sequence;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.traumaflow.storage.Sha256;

/**
 * How stage-2 sequences are made (METHOD.md, "Stage 2"), validated here so that the slice
 * selection, the resize and the dataset on disk can trust it. Saved in every dataset manifest
 * with {@link #sha256()}, so a trainer can tell datasets made differently apart.
 *
 * @param size rows and columns of every resized slice (384 in the method)
 * @param maskSize rows and columns of the aux masks; size / 4 by default, this project's choice
 *     to keep mask storage small (the method's code resized the masks with the images, to size)
 * @param step slices per window ({@code get_volume_data}'s {@code step}, 100)
 * @param stride take every n-th slice of a long series ({@code stride}, 2)
 * @param strideCutoff a series with more slices than this is strided ({@code stride_cutoff}, 400)
 * @param keep slices kept from the start of each window (the code's {@code TAKE_FIRST}, 96);
 *     must be {@link SequenceSample#STEPS} x {@link SequenceSample#CHANNELS}, which the
 *     element's layout fixes, and is recorded so a manifest says it
 */
public record SequenceConfig(int size, int maskSize, int step, int stride, int strideCutoff, int keep) implements java.io.Serializable {
  /** Largest slice side accepted (a guard against typos, not a model limit). */
  public static final int MAX_SIZE = 2048;

  public SequenceConfig {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + ", got " + size);
    }
    if (maskSize < 1 || maskSize > size) {
      throw new IllegalArgumentException("mask size must be 1..size (" + size + "), got " + maskSize);
    }
    if (keep != SequenceSample.STEPS * SequenceSample.CHANNELS) {
      throw new IllegalArgumentException(
          "keep must be " + SequenceSample.STEPS * SequenceSample.CHANNELS + " (" + SequenceSample.STEPS + " steps of "
              + SequenceSample.CHANNELS + " slices), got " + keep);
    }
    if (step < keep) {
      throw new IllegalArgumentException("a window of " + step + " slices cannot keep its first " + keep);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1, got " + stride);
    }
    if (strideCutoff < 1) {
      throw new IllegalArgumentException("stride cutoff must be at least 1, got " + strideCutoff);
    }
  }

  /** METHOD.md's values (384 px, windows of 100, every 2nd slice past 400, keep 96), masks at 96 px. */
  public static SequenceConfig method() {
    return method(384);
  }

  /** The method's selection at another slice size, masks at a quarter of it. */
  public static SequenceConfig method(int size) {
    return new SequenceConfig(size, Math.max(1, size / 4), 100, 2, 400, SequenceSample.STEPS * SequenceSample.CHANNELS);
  }

  /**
   * The canonical JSON of this config: snake_case fields in alphabetical order, no whitespace,
   * so equal configs give equal bytes and equal hashes.
   */
  public String toJson() {
    try {
      return SequenceDatasetFormat.JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a sequence config as JSON", e);
    }
  }

  /** SHA-256 (hex) of {@link #toJson()}. */
  public String sha256() {
    return Sha256.hex(toJson().getBytes(StandardCharsets.UTF_8));
  }
}
