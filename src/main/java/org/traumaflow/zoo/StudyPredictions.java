package org.traumaflow.zoo;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.StudyPrediction;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionRow;

/**
 * Per-patient model outputs (target column -> probability) as a submission, groups a model does
 * not predict taken from the label prior.
 */
public final class StudyPredictions {
  /**
   * Sigmoid outputs saturate to exactly 0 or 1 in float32; a group predicted injured with
   * certainty but with low = high = 0 would sum to 0 and be refused, so outputs are kept this
   * far from the ends.
   */
  public static final double MARGIN = 1e-6;

  private StudyPredictions() {}

  static Submission submission(String source, SortedMap<Integer, Map<String, Double>> studies, PriorBaseline prior) {
    SortedMap<Integer, SubmissionRow> rows = new TreeMap<>();
    studies.forEach((patient, row) -> {
      Map<SliceTarget, Double> probabilities = new EnumMap<>(SliceTarget.class);
      for (SliceTarget target : SliceTarget.values()) {
        Double p = row.get(target.column());
        if (p != null) {
          probabilities.put(target, Math.min(1 - MARGIN, Math.max(MARGIN, p)));
        }
      }
      rows.put(patient, new StudyPrediction(patient, probabilities).toSubmissionRow(prior.rowFor(patient)));
    });
    return new Submission(source, rows);
  }
}
