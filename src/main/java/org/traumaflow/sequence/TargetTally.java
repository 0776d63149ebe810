package org.traumaflow.sequence;

import java.util.LinkedHashMap;
import java.util.Map;
import org.traumaflow.label.SliceTarget;

/**
 * Label prevalence over the samples written so far, for the manifest. Tallies of shards written
 * in parallel {@link #merge} into the dataset's.
 */
public final class TargetTally {
  private final long[] positives = new long[SliceTarget.COUNT];
  private final double[] sums = new double[SliceTarget.COUNT];
  private long samples;

  public TargetTally() {}

  /** A tally from its parts, as {@link #positives()}, {@link #sums()} and {@link #samples()} gave them. */
  public static TargetTally of(long samples, long[] positives, double[] sums) {
    if (positives.length != SliceTarget.COUNT || sums.length != SliceTarget.COUNT || samples < 0) {
      throw new IllegalArgumentException("a tally has " + SliceTarget.COUNT + " positives and sums and a non-negative count");
    }
    TargetTally tally = new TargetTally();
    tally.samples = samples;
    System.arraycopy(positives, 0, tally.positives, 0, positives.length);
    System.arraycopy(sums, 0, tally.sums, 0, sums.length);
    return tally;
  }

  /** Adds another tally's samples to this one. */
  public void merge(TargetTally other) {
    samples += other.samples;
    for (int i = 0; i < SliceTarget.COUNT; i++) {
      positives[i] += other.positives[i];
      sums[i] += other.sums[i];
    }
  }

  public long samples() {
    return samples;
  }

  /** Per {@link SliceTarget}, the samples whose target exceeds 0.5 at some step. */
  public long[] positives() {
    return positives.clone();
  }

  /** Per {@link SliceTarget}, the sum of the target over every step of every sample. */
  public double[] sums() {
    return sums.clone();
  }

  public void add(SequenceSample sample) {
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
  public Map<String, SequenceManifest.Prevalence> prevalence() {
    Map<String, SequenceManifest.Prevalence> out = new LinkedHashMap<>();
    for (SliceTarget target : SliceTarget.values()) {
      double fraction = samples == 0 ? 0 : (double) positives[target.ordinal()] / samples;
      double mean = samples == 0 ? 0 : sums[target.ordinal()] / (samples * SequenceSample.STEPS);
      out.put(target.column(), new SequenceManifest.Prevalence(fraction, mean));
    }
    return out;
  }
}
