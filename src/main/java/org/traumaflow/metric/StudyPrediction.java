package org.traumaflow.metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.label.SliceTarget;

/**
 * One study's stage-2 output on its way to a submission row: the probability of each
 * {@link SliceTarget} (a sigmoid output, the maximum over the study's slices). A model that
 * predicts only some targets gives only those; the groups it leaves out come from a fallback.
 *
 * @param patientId the study's patient
 * @param probabilities the predicted targets, each in [0, 1]
 */
public record StudyPrediction(int patientId, Map<SliceTarget, Double> probabilities) {

  /** @throws IllegalArgumentException naming the patient and target when a probability is outside [0, 1] or NaN */
  public StudyPrediction {
    // EnumMap's copy constructor cannot take an empty map that is not an EnumMap.
    probabilities = probabilities.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(probabilities));
    probabilities.forEach((target, p) -> {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("patient " + patientId + ": " + target.column() + " must be a probability in [0, 1], got " + p);
      }
    });
  }

  /**
   * The submission row: bowel and extravasation as healthy = 1 - p, injury = p; liver, spleen
   * and kidney as healthy = 1 - p(X_INJURY), low = p(X_LOW), high = p(X_HIGH), not normalised
   * (the metric divides each group by its sum). A group none of whose targets were predicted is
   * copied from {@code fallback}, e.g. {@link PriorBaseline#rowFor}.
   *
   * @throws IllegalArgumentException if a group has some but not all of its targets, which would
   *     mix two models' views of one organ, if the fallback is another patient's, or if a group
   *     sums to 0 (an organ predicted certainly injured but neither low nor high), which Kaggle
   *     refuses
   */
  public SubmissionRow toSubmissionRow(SubmissionRow fallback) {
    if (fallback.patientId() != patientId) {
      throw new IllegalArgumentException("patient " + patientId + ": the fallback row is patient " + fallback.patientId() + "'s");
    }
    List<Double> row = new ArrayList<>(fallback.probabilities());
    for (InjuryGroup group : InjuryGroup.values()) {
      List<SliceTarget> targets = targets(group);
      List<SliceTarget> predicted = targets.stream().filter(probabilities::containsKey).toList();
      if (predicted.isEmpty()) {
        continue;
      }
      if (predicted.size() != targets.size()) {
        throw new IllegalArgumentException("patient " + patientId + ": " + group.prefix() + " needs "
            + targets.stream().map(SliceTarget::column).toList() + " together, got only " + predicted.stream().map(SliceTarget::column).toList());
      }
      // Binary groups: [1 - p, p]; organs: [1 - p(injury), p(low), p(high)].
      List<SliceTarget> injured = targets.size() == 1 ? targets : targets.subList(1, targets.size());
      row.set(group.firstColumn(), 1 - probabilities.get(targets.get(0)));
      for (int k = 0; k < injured.size(); k++) {
        row.set(group.firstColumn() + 1 + k, probabilities.get(injured.get(k)));
      }
    }
    return new SubmissionRow(patientId, row);
  }

  /** The targets that make a group's columns, in column order; the first gives healthy = 1 - p. */
  public static List<SliceTarget> targets(InjuryGroup group) {
    return switch (group) {
      case BOWEL -> List.of(SliceTarget.BOWEL);
      case EXTRAVASATION -> List.of(SliceTarget.EXTRAVASATION);
      case KIDNEY -> List.of(SliceTarget.KIDNEY_INJURY, SliceTarget.KIDNEY_LOW, SliceTarget.KIDNEY_HIGH);
      case LIVER -> List.of(SliceTarget.LIVER_INJURY, SliceTarget.LIVER_LOW, SliceTarget.LIVER_HIGH);
      case SPLEEN -> List.of(SliceTarget.SPLEEN_INJURY, SliceTarget.SPLEEN_LOW, SliceTarget.SPLEEN_HIGH);
    };
  }
}
