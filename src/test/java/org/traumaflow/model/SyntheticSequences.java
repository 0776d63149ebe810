package org.traumaflow.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;
import org.traumaflow.sequence.SequenceSample;

/**
 * Seeded toy stage-2 windows a tiny model can learn from: grey noise, a mid-grey "liver" disc on
 * the middle steps (its aux mask), and in an injured window a bright blob inside the liver on a
 * run of steps whose liver-injury, liver-low, bowel and extravasation targets are 1.
 */
final class SyntheticSequences {
  static final int STEPS = SequenceSample.STEPS;
  static final int CHANNELS = SequenceSample.CHANNELS;

  private SyntheticSequences() {}

  /** {@code count} windows, every other one injured, of patients {@code firstPatient}, {@code firstPatient + 1}, ... */
  static List<SequenceSample> windows(int count, int size, int maskSize, int firstPatient, long seed) {
    Random random = new Random(seed);
    List<SequenceSample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      samples.add(window(firstPatient + i, i % 2 == 0, size, maskSize, random));
    }
    return samples;
  }

  static SequenceSample window(int patient, boolean injured, int size, int maskSize, Random random) {
    byte[] images = new byte[STEPS * CHANNELS * size * size];
    byte[] masks = new byte[STEPS * MaskOrgan.COUNT * maskSize * maskSize];
    float[] targets = new float[STEPS * SliceTarget.COUNT];
    double liverX = 0.35 + 0.1 * random.nextDouble();
    double liverY = 0.4 + 0.2 * random.nextDouble();
    double liverR = 0.22;
    int firstLiver = 4 + random.nextInt(4);
    int lastLiver = 24 + random.nextInt(4);
    int firstInjury = 8 + random.nextInt(10);
    int lastInjury = firstInjury + 4 + random.nextInt(4);
    double blobX = liverX + 0.08 * (random.nextDouble() - 0.5);
    double blobY = liverY + 0.08 * (random.nextDouble() - 0.5);
    for (int step = 0; step < STEPS; step++) {
      boolean liver = step >= firstLiver && step <= lastLiver;
      boolean blob = injured && step >= firstInjury && step <= lastInjury;
      for (int ch = 0; ch < CHANNELS; ch++) {
        int base = (step * CHANNELS + ch) * size * size;
        for (int r = 0; r < size; r++) {
          for (int c = 0; c < size; c++) {
            double x = (c + 0.5) / size;
            double y = (r + 0.5) / size;
            int value = 20 + random.nextInt(30);
            if (liver && inside(x, y, liverX, liverY, liverR)) {
              value += 80;
            }
            if (blob && inside(x, y, blobX, blobY, 0.09)) {
              value = 230 + random.nextInt(25);
            }
            images[base + r * size + c] = (byte) value;
          }
        }
      }
      if (liver) {
        int base = (step * MaskOrgan.COUNT + MaskOrgan.LIVER.ordinal()) * maskSize * maskSize;
        for (int r = 0; r < maskSize; r++) {
          for (int c = 0; c < maskSize; c++) {
            if (inside((c + 0.5) / maskSize, (r + 0.5) / maskSize, liverX, liverY, liverR)) {
              masks[base + r * maskSize + c] = 1;
            }
          }
        }
      }
      if (blob) {
        for (SliceTarget t : List.of(SliceTarget.LIVER_INJURY, SliceTarget.LIVER_LOW, SliceTarget.BOWEL, SliceTarget.EXTRAVASATION)) {
          targets[step * SliceTarget.COUNT + t.ordinal()] = 1f;
        }
      }
    }
    int[] sourceSlices = new int[STEPS * CHANNELS];
    for (int i = 0; i < sourceSlices.length; i++) {
      sourceSlices[i] = i;
    }
    return new SequenceSample(patient, "1." + patient, "ours", 0, size, sourceSlices, images, targets, maskSize, masks);
  }

  private static boolean inside(double x, double y, double cx, double cy, double radius) {
    double dx = x - cx;
    double dy = y - cy;
    return dx * dx + dy * dy <= radius * radius;
  }
}
