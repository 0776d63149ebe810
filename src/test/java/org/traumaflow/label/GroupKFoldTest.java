package org.traumaflow.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupKFoldTest {

  /** Samples per patient like chunked series: 1..12 chunks each. */
  static List<String> groups(int patients, long seed) {
    Random random = new Random(seed);
    List<String> groups = new ArrayList<>();
    for (int p = 0; p < patients; p++) {
      int chunks = 1 + random.nextInt(12);
      for (int c = 0; c < chunks; c++) {
        groups.add(String.valueOf(10000 + p));
      }
    }
    Collections.shuffle(groups, random);
    return groups;
  }

  @Test
  void noPatientIsInTwoFolds() {
    List<String> groups = groups(83, 1);
    int[] folds = GroupKFold.split(groups, 5);
    Map<String, Integer> foldOf = new HashMap<>();
    for (int i = 0; i < folds.length; i++) {
      Integer previous = foldOf.putIfAbsent(groups.get(i), folds[i]);
      assertTrue(previous == null || previous == folds[i], "patient " + groups.get(i) + " in folds " + previous + " and " + folds[i]);
      assertTrue(folds[i] >= 0 && folds[i] < 5);
    }
  }

  @Test
  void foldSizesDifferByNoMoreThanTheLargestPatient() {
    List<String> groups = groups(83, 2);
    int[] folds = GroupKFold.split(groups, 5);
    int[] sizes = new int[5];
    for (int f : folds) {
      sizes[f]++;
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int s : sizes) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    assertTrue(max - min <= 12, "fold sizes " + java.util.Arrays.toString(sizes));
  }

  @Test
  void largestGroupsGoFirstToTheLightestFold() {
    Map<String, Integer> sizes = new HashMap<>();
    sizes.put("a", 5);
    sizes.put("b", 4);
    sizes.put("c", 3);
    sizes.put("d", 3);
    sizes.put("e", 2);
    sizes.put("f", 1);
    sizes.put("g", 1);
    sizes.put("h", 1);
    // a->0 [5,0,0]; b->1 [5,4,0]; c->2 [5,4,3]; d->2 [5,4,6]; e->1 [5,6,6]; f->0 [6,6,6]; g->0 [7,6,6]; h->1 [7,7,6]
    Map<String, Integer> expected = Map.of("a", 0, "b", 1, "c", 2, "d", 2, "e", 1, "f", 0, "g", 0, "h", 1);
    assertEquals(expected, GroupKFold.assign(sizes, 3));
  }

  @Test
  void theSplitDoesNotDependOnSampleOrder() {
    List<String> groups = groups(40, 3);
    int[] folds = GroupKFold.split(groups, 4);
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < folds.length; i++) {
      first.put(groups.get(i), folds[i]);
    }
    List<String> shuffled = new ArrayList<>(groups);
    Collections.shuffle(shuffled, new Random(99));
    int[] again = GroupKFold.split(shuffled, 4);
    for (int i = 0; i < again.length; i++) {
      assertEquals(first.get(shuffled.get(i)), again[i]);
    }
    assertArrayEquals(folds, GroupKFold.split(groups, 4));
  }

  @Test
  void fewerPatientsThanFoldsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> GroupKFold.split(List.of("a", "a", "b"), 3));
    assertThrows(IllegalArgumentException.class, () -> GroupKFold.split(List.of("a", "b"), 1));
  }
}
