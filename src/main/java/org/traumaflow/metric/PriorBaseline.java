package org.traumaflow.metric;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.traumaflow.label.PatientLabels;

/**
 * A constant submission from the labels alone, the same row for every patient: what a model
 * must beat to show it learnt anything from the images. On the real train.csv the
 * {@link #prevalence} scores 0.786 and the {@link #weightedPrevalence} 0.609 (METHOD.md).
 *
 * @param probabilities the row every patient gets, in {@link SubmissionRow#COLUMNS} order
 */
public record PriorBaseline(List<Double> probabilities) implements java.io.Serializable {

  public PriorBaseline {
    probabilities = List.copyOf(probabilities);
    if (probabilities.size() != SubmissionRow.COLUMNS.size()) {
      throw new IllegalArgumentException(probabilities.size() + " probabilities, a submission row has " + SubmissionRow.COLUMNS.size());
    }
  }

  /** Every group's classes equally likely: the row when there are no labels to take a prior from. */
  public static PriorBaseline uniform() {
    List<Double> shares = new ArrayList<>(SubmissionRow.COLUMNS.size());
    for (InjuryGroup group : InjuryGroup.values()) {
      for (int k = 0; k < group.classes(); k++) {
        shares.add(1.0 / group.classes());
      }
    }
    return new PriorBaseline(shares);
  }

  /** Each column's share of the truth's patients. */
  public static PriorBaseline prevalence(Map<Integer, PatientLabels> truth) {
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("no patients to take a prevalence from");
    }
    double[] counts = new double[SubmissionRow.COLUMNS.size()];
    for (PatientLabels labels : truth.values()) {
      List<Integer> columns = labels.columns();
      for (int i = 0; i < counts.length; i++) {
        counts[i] += columns.get(i);
      }
    }
    List<Double> shares = new ArrayList<>(counts.length);
    for (double count : counts) {
      shares.add(count / truth.size());
    }
    return new PriorBaseline(shares);
  }

  /**
   * The prevalence times each class's sample weight, divided by the group's sum: the constant
   * that minimises each group's weighted log loss (any_injury's is not minimised), so the
   * strongest baseline without images.
   */
  public static PriorBaseline weightedPrevalence(Map<Integer, PatientLabels> truth) {
    List<Double> weighted = new ArrayList<>(prevalence(truth).probabilities());
    for (InjuryGroup group : InjuryGroup.values()) {
      double sum = 0;
      for (int k = 0; k < group.classes(); k++) {
        int column = group.firstColumn() + k;
        weighted.set(column, weighted.get(column) * group.weight(k));
        sum += weighted.get(column);
      }
      for (int k = 0; k < group.classes(); k++) {
        int column = group.firstColumn() + k;
        weighted.set(column, weighted.get(column) / sum);
      }
    }
    return new PriorBaseline(weighted);
  }

  /** The prior as a patient's row, e.g. to fill the groups a model does not predict. */
  public SubmissionRow rowFor(int patientId) {
    return new SubmissionRow(patientId, probabilities);
  }

  /** The prior for each of the patients. */
  public Submission submissionFor(String source, Collection<Integer> patients) {
    return Submission.of(source, patients.stream().map(this::rowFor).toList());
  }
}
