package org.traumaflow.seg;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per slice and organ, how much of the organ is visible compared with the slice where it is
 * most visible (METHOD.md, stage 1): an organ's pixel count on the slice divided by its largest
 * pixel count over the study, so 0..1, and 0 on every slice when the organ never appears. The
 * kidney's visibility is the larger of the two kidneys' visibilities, each normalised by its own
 * maximum.
 */
public final class OrganVisibility {
  private final int slices;
  private final Map<OrganGroup, float[]> values;

  private OrganVisibility(int slices, Map<OrganGroup, float[]> values) {
    this.slices = slices;
    this.values = values;
  }

  /** The visibility of every {@link OrganGroup} on every slice of {@code masks}. */
  public static OrganVisibility of(OrganMasks masks) {
    Map<Organ, float[]> perChannel = new EnumMap<>(Organ.class);
    for (Organ organ : Organ.values()) {
      perChannel.put(organ, normalised(masks, organ));
    }
    Map<OrganGroup, float[]> groups = new EnumMap<>(OrganGroup.class);
    for (OrganGroup group : OrganGroup.values()) {
      float[] combined = new float[masks.slices()];
      for (Organ member : group.members()) {
        float[] v = perChannel.get(member);
        for (int s = 0; s < combined.length; s++) {
          combined[s] = Math.max(combined[s], v[s]);
        }
      }
      groups.put(group, combined);
    }
    return new OrganVisibility(masks.slices(), groups);
  }

  /** One channel's pixel counts over the study divided by their maximum (all 0 when absent). */
  static float[] normalised(OrganMasks masks, Organ organ) {
    int[] counts = new int[masks.slices()];
    int max = 0;
    for (int s = 0; s < counts.length; s++) {
      counts[s] = masks.pixelCount(organ, s);
      max = Math.max(max, counts[s]);
    }
    float[] v = new float[counts.length];
    if (max > 0) {
      for (int s = 0; s < counts.length; s++) {
        v[s] = (float) counts[s] / max;
      }
    }
    return v;
  }

  public int slices() {
    return slices;
  }

  /** The visibility (0..1) of {@code organ} on {@code slice}. */
  public float get(OrganGroup organ, int slice) {
    if (slice < 0 || slice >= slices) {
      throw new IndexOutOfBoundsException("slice " + slice + " of " + slices);
    }
    return values.get(organ)[slice];
  }

  /** A copy of {@code organ}'s visibility on every slice. */
  public float[] values(OrganGroup organ) {
    return values.get(organ).clone();
  }
}
