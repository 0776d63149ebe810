package org.traumaflow.metric;

import java.util.List;
import org.traumaflow.label.LabelTables;

/**
 * One patient's row of a submission: the 13 probabilities of sample_submission.csv after
 * patient_id, in {@link #COLUMNS} order. A group's values need not sum to 1, since the metric
 * divides them by their sum; but Kaggle refuses a negative, NaN or infinite value and a group
 * that sums to 0, so such a row cannot be made.
 */
public record SubmissionRow(int patientId, List<Double> probabilities) implements java.io.Serializable {
  /** sample_submission.csv's columns after patient_id. */
  public static final List<String> COLUMNS = LabelTables.SUBMISSION_COLUMNS.subList(1, LabelTables.SUBMISSION_COLUMNS.size());

  /** @throws IllegalArgumentException naming the patient and the column that is wrong */
  public SubmissionRow {
    probabilities = List.copyOf(probabilities);
    if (probabilities.size() != COLUMNS.size()) {
      throw new IllegalArgumentException("patient " + patientId + ": " + probabilities.size() + " probabilities, a submission row has " + COLUMNS.size());
    }
    for (int i = 0; i < COLUMNS.size(); i++) {
      double p = probabilities.get(i);
      String fault = Double.isNaN(p) ? "is NaN" : Double.isInfinite(p) ? "is infinite" : p < 0 ? "is negative (" + p + ")" : null;
      if (fault != null) {
        throw new IllegalArgumentException("patient " + patientId + ": " + COLUMNS.get(i) + " " + fault);
      }
    }
    for (InjuryGroup group : InjuryGroup.values()) {
      double sum = sum(probabilities, group);
      if (sum == 0 || Double.isInfinite(sum)) {
        throw new IllegalArgumentException("patient " + patientId + ": " + String.join(", ", group.columns()) + " sum to " + sum
            + "; the metric divides them by their sum, which must be positive and finite");
      }
    }
  }

  /** The probability in a column of {@link #COLUMNS}, e.g. {@code liver_low}. */
  public double probability(String column) {
    int index = COLUMNS.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("no submission column " + column + "; the columns are " + COLUMNS);
    }
    return probabilities.get(index);
  }

  /** The group's probabilities divided by their sum, healthy first: what the metric scores. */
  public double[] normalised(InjuryGroup group) {
    double sum = sum(probabilities, group);
    double[] shares = new double[group.classes()];
    for (int k = 0; k < shares.length; k++) {
      shares[k] = probabilities.get(group.firstColumn() + k) / sum;
    }
    return shares;
  }

  /** Summed left to right, as pandas sums two or three columns, so normalised values match the host's bit for bit. */
  private static double sum(List<Double> probabilities, InjuryGroup group) {
    double sum = 0;
    for (int k = 0; k < group.classes(); k++) {
      sum += probabilities.get(group.firstColumn() + k);
    }
    return sum;
  }
}
