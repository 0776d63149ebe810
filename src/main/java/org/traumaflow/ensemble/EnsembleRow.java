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
public record EnsembleRow(SubmissionRow row, double anyInjury) implements java.io.Serializable {

  /**
   * Divides each group of {@code scaled} by its sum, with the metric's own
   * {@link SubmissionRow#normalised}, so the shares are bit for bit the ones it scores.
   */
  public static EnsembleRow normalise(SubmissionRow scaled) {
    List<Double> shares = new ArrayList<>(SubmissionRow.COLUMNS.size());
    double anyInjury = 0;
    // InjuryGroup's order is the submission's column order.
    for (InjuryGroup group : InjuryGroup.values()) {
      double[] groupShares = scaled.normalised(group);
      for (double share : groupShares) {
        shares.add(share);
      }
      anyInjury = Math.max(anyInjury, 1 - groupShares[0]);
    }
    return new EnsembleRow(new SubmissionRow(scaled.patientId(), shares), anyInjury);
  }
}
