package org.traumaflow.label;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * K folds with every group (patient) in exactly one fold, balanced like scikit-learn's
 * {@code GroupKFold}: groups are taken by size, largest first, and each goes to the fold with the
 * fewest samples so far (the lowest-numbered such fold on a tie). Ties in group size are broken
 * by the group's name, so the split is deterministic and does not depend on input order (where
 * scikit-learn's order among equal sizes is its sort's).
 */
public final class GroupKFold {
  private GroupKFold() {}

  /**
   * The fold (0..folds-1) of each sample.
   *
   * @param groups the group of each sample, e.g. its patient id
   */
  public static int[] split(List<String> groups, int folds) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String group : groups) {
      if (group == null) {
        throw new IllegalArgumentException("every sample needs a group");
      }
      sizes.merge(group, 1, Integer::sum);
    }
    Map<String, Integer> fold = assign(sizes, folds);
    int[] result = new int[groups.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = fold.get(groups.get(i));
    }
    return result;
  }

  /** The fold of each group, given each group's number of samples. */
  public static Map<String, Integer> assign(Map<String, Integer> groupSizes, int folds) {
    if (folds < 2) {
      throw new IllegalArgumentException("at least 2 folds are needed, got " + folds);
    }
    if (groupSizes.size() < folds) {
      throw new IllegalArgumentException("cannot split " + groupSizes.size() + " groups into " + folds + " folds");
    }
    List<Map.Entry<String, Integer>> order = new ArrayList<>(groupSizes.entrySet());
    for (Map.Entry<String, Integer> e : order) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("group " + e.getKey() + " has no samples");
      }
    }
    order.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed().thenComparing(Map.Entry::getKey));
    long[] load = new long[folds];
    Map<String, Integer> result = new HashMap<>();
    for (Map.Entry<String, Integer> e : order) {
      int lightest = 0;
      for (int f = 1; f < folds; f++) {
        if (load[f] < load[lightest]) {
          lightest = f;
        }
      }
      load[lightest] += e.getValue();
      result.put(e.getKey(), lightest);
    }
    return result;
  }
}
