package org.traumaflow.ensemble;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.CropBox;

/**
 * One series as the ensemble saw it: each member's study probabilities (its runs averaged at
 * slice level, then the max over the series' windows), the per-step probabilities the max was
 * taken over (for the report's curves) and the crop the windows were cut from.
 *
 * @param seriesId the series
 * @param members member name -> its study probability per target
 * @param curves member name -> per target its per-step probabilities, windows in index order
 *     (the windows may overlap, so a step is a window position, not a unique slice); may be empty
 * @param cropBox the study crop box from stage 1, or null when the series was not segmented
 */
public record SeriesScore(String seriesId, Map<String, Map<SliceTarget, Double>> members,
    Map<String, Map<SliceTarget, List<Float>>> curves, CropBox cropBox) implements Serializable {

  public SeriesScore {
    // Members sorted by name and each member's targets in their enum order, so the record, its JSON
    // and its equality do not depend on arrival order: a ledger entry's hash covers that JSON.
    members = canonical(members);
    curves = canonical(curves);
  }

  private static <V> Map<String, Map<SliceTarget, V>> canonical(Map<String, Map<SliceTarget, V>> byMember) {
    Map<String, Map<SliceTarget, V>> sorted = new TreeMap<>();
    byMember.forEach((member, targets) -> {
      Map<SliceTarget, V> inOrder = new EnumMap<>(SliceTarget.class);
      inOrder.putAll(targets);
      sorted.put(member, inOrder);
    });
    return sorted;
  }

  /** The members' study probabilities keyed by column name ({@link SliceTarget#column()}), as files hold them. */
  public Map<String, Map<String, Double>> membersByColumn() {
    Map<String, Map<String, Double>> byMember = new LinkedHashMap<>();
    members.forEach((member, targets) -> {
      Map<String, Double> byColumn = new LinkedHashMap<>();
      targets.forEach((target, p) -> byColumn.put(target.column(), p));
      byMember.put(member, byColumn);
    });
    return byMember;
  }
}
