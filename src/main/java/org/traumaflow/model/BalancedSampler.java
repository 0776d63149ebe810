package org.traumaflow.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.traumaflow.sequence.WindowRef;

/**
 * Each epoch's training samples, half injured and half healthy (METHOD.md: "balanced sampling of
 * injured and healthy volumes each epoch").
 *
 * <p>A sample (one 32-step window) counts as injured when any of its soft targets for the task
 * is above 0.5 (an injured organ visible on more than half of its largest extent, or an
 * extravasation slice), or when its patient is in {@code injuredPatients} (the patient's label
 * for the task is injured, even where this window's targets are low). An epoch is every sample
 * of the smaller class and as many samples of the larger class, drawn afresh without replacement
 * each epoch, in shuffled order; so the larger class is covered over the epochs. When one class
 * is empty, the epoch is every sample, shuffled. It works from the windows' refs alone (the
 * targets' maxima), never their pixels.
 */
final class BalancedSampler {
  /** A soft target above this makes a window injured. */
  static final float INJURED_TARGET = 0.5f;

  private final List<Integer> injured = new ArrayList<>();
  private final List<Integer> healthy = new ArrayList<>();

  BalancedSampler(List<WindowRef> windows, SequenceTask task, Set<Integer> injuredPatients) {
    for (int i = 0; i < windows.size(); i++) {
      WindowRef w = windows.get(i);
      boolean isInjured = task.maxTarget(w) > INJURED_TARGET || injuredPatients.contains(w.patientId());
      (isInjured ? injured : healthy).add(i);
    }
  }

  /** Samples per epoch. */
  int epochSize() {
    int smaller = Math.min(injured.size(), healthy.size());
    return smaller == 0 ? injured.size() + healthy.size() : 2 * smaller;
  }

  /** One epoch's sample indices, in training order. */
  List<Integer> epoch(Random random) {
    List<Integer> order = new ArrayList<>();
    int smaller = Math.min(injured.size(), healthy.size());
    for (List<Integer> group : List.of(injured, healthy)) {
      List<Integer> shuffled = new ArrayList<>(group);
      Collections.shuffle(shuffled, random);
      order.addAll(smaller == 0 ? shuffled : shuffled.subList(0, smaller));
    }
    Collections.shuffle(order, random);
    return order;
  }
}
