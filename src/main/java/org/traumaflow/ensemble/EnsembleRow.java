package org.traumaflow.ensemble;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.SubmissionRow;

/**
 * One patient's ensemble output: the 13 submission columns with every group summing to 1, and
 * any_injury as the metric derives it (it is never read from a submission, so it is reported,
 * not written): the largest 1 - normalised healthy over the five groups.
 *
 * @param row the normalised submission row
 * @param anyInjury max over groups of (1 - healthy share)
 */
public record EnsembleRow(SubmissionRow row, double anyInjury) {

  /** Divides each group of {@code scaled} by its sum, left to right as the metric sums. */
  public static EnsembleRow normalise(SubmissionRow scaled) {
    List<Double> shares = new ArrayList<>(scaled.probabilities());
    double anyInjury = 0;
    for (InjuryGroup group : InjuryGroup.values()) {
      int first = SubmissionRow.COLUMNS.indexOf(group.columns().get(0));
      double sum = 0;
      for (int k = 0; k < group.classes(); k++) {
        sum += shares.get(first + k);
      }
      for (int k = 0; k < group.classes(); k++) {
        shares.set(first + k, shares.get(first + k) / sum);
      }
      anyInjury = Math.max(anyInjury, 1 - shares.get(first));
    }
    return new EnsembleRow(new SubmissionRow(scaled.patientId(), shares), anyInjury);
  }
}
