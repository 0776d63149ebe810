package org.traumaflow.ensemble;

import java.io.Serializable;
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
    // Sorted by member name, so the record, its JSON and its equality do not depend on arrival order.
    members = new TreeMap<>(members);
    curves = new TreeMap<>(curves);
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
