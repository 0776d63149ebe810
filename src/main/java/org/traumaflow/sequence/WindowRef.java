package org.traumaflow.sequence;

import org.traumaflow.label.SliceTarget;

/**
 * What a dataset's index says of one window, without its pixels: where it is stored, whose it is
 * and the largest value of each soft target over its steps. Splitting patients into folds and
 * balancing injured and healthy windows need nothing else, so a trainer holds these (tens of
 * bytes each) for every window and reads the windows themselves (megabytes each) when it uses
 * them.
 *
 * @param shard the shard holding the window, numbered as the manifest lists the shards
 * @param offset the window's place in its shard
 * @param patientId the patient
 * @param variant the preprocessing variant
 * @param maxTargets per {@link SliceTarget} (by ordinal), the largest soft target over the
 *     window's steps; NaN where a step's target is NaN
 */
public record WindowRef(int shard, int offset, int patientId, String variant, float[] maxTargets) {

  public WindowRef {
    if (maxTargets.length != SliceTarget.COUNT) {
      throw new IllegalArgumentException("a window ref needs " + SliceTarget.COUNT + " target maxima, got " + maxTargets.length);
    }
  }

  /**
   * The ref of a window whose soft targets are {@code targets} ({@link SequenceSample#targets()}'s
   * layout, {@code [step][target]}).
   */
  public static WindowRef of(int shard, int offset, int patientId, String variant, float[] targets) {
    float[] max = new float[SliceTarget.COUNT];
    for (int i = 0; i < targets.length; i++) {
      max[i % SliceTarget.COUNT] = Math.max(max[i % SliceTarget.COUNT], targets[i]);
    }
    return new WindowRef(shard, offset, patientId, variant, max);
  }

  /** The largest soft target of {@code target} over the window's steps. */
  public float maxTarget(SliceTarget target) {
    return maxTargets[target.ordinal()];
  }
}
