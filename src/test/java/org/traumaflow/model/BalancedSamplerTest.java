package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.traumaflow.sequence.WindowRef;
import org.traumaflow.testing.InMemoryWindows;

class BalancedSamplerTest {
  /** Windows 0, 2, 4 injured (targets), the other seven healthy. */
  final List<WindowRef> windows = withInjured(10, Set.of(0, 2, 4));

  static List<WindowRef> withInjured(int count, Set<Integer> injured) {
    Random random = new Random(1);
    List<WindowRef> samples = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      samples.add(InMemoryWindows.ref(SyntheticSequences.window(i, injured.contains(i), 32, 8, random)));
    }
    return samples;
  }

  @Test
  void anEpochHasEveryInjuredWindowAndAsManyHealthyOnesDrawnAfresh() {
    BalancedSampler sampler = new BalancedSampler(windows, SequenceTask.ORGANS, Set.of());
    assertEquals(6, sampler.epochSize(), "the three injured windows and three of the seven healthy ones");
    Random random = new Random(5);
    Set<Integer> healthySeen = new HashSet<>();
    for (int epoch = 0; epoch < 20; epoch++) {
      List<Integer> order = sampler.epoch(random);
      assertEquals(6, order.size());
      assertEquals(6, new HashSet<>(order).size(), "without replacement");
      assertTrue(order.containsAll(List.of(0, 2, 4)));
      order.stream().filter(i -> i % 2 == 1 || i > 4).forEach(healthySeen::add);
    }
    assertEquals(Set.of(1, 3, 5, 6, 7, 8, 9), healthySeen, "over the epochs every healthy window is drawn");
    assertNotEquals(sampler.epoch(new Random(1)), sampler.epoch(new Random(2)));
    assertEquals(sampler.epoch(new Random(1)), sampler.epoch(new Random(1)));
  }

  @Test
  void aWindowOfAnInjuredPatientCountsAsInjuredWhateverItsTargets() {
    BalancedSampler sampler = new BalancedSampler(windows, SequenceTask.ORGANS, Set.of(1, 3));
    assertEquals(10, sampler.epochSize(), "five injured windows (0..4) and five healthy ones");
  }

  @Test
  void withOneClassEmptyAnEpochIsEveryWindow() {
    BalancedSampler sampler = new BalancedSampler(withInjured(5, Set.of()), SequenceTask.BOWEL_EXTRAVASATION, Set.of());
    assertEquals(5, sampler.epochSize());
    assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(sampler.epoch(new Random(3))));
  }
}
