package org.traumaflow.volume;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label prevalence over the samples written so far, for the manifest. */
final class TargetTally {
  private final long[] positives = new long[SliceTarget.COUNT];
  private final double[] sums = new double[SliceTarget.COUNT];
  private long samples;

  void add(SequenceSample sample) {
    samples++;
    for (SliceTarget target : SliceTarget.values()) {
      float max = 0;
      for (int step = 0; step < SequenceSample.STEPS; step++) {
        float value = sample.target(step, target);
        max = Math.max(max, value);
        sums[target.ordinal()] += value;
      }
      if (max > 0.5f) {
        positives[target.ordinal()]++;
      }
    }
  }

  /** Per {@link SliceTarget#column()}; zeros for no samples. */
  Map<String, SequenceManifest.Prevalence> prevalence() {
    Map<String, SequenceManifest.Prevalence> out = new LinkedHashMap<>();
    for (SliceTarget target : SliceTarget.values()) {
      double fraction = samples == 0 ? 0 : (double) positives[target.ordinal()] / samples;
      double mean = samples == 0 ? 0 : sums[target.ordinal()] / (samples * SequenceSample.STEPS);
      out.put(target.column(), new SequenceManifest.Prevalence(fraction, mean));
    }
    return out;
  }
}
