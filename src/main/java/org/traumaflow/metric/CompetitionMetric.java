package org.traumaflow.metric;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.label.PatientLabels;

/**
 * The RSNA 2023 Abdominal Trauma Detection metric (METHOD.md, "The official metric"), computed
 * step for step as the host's Python does it, so a score here is the score Kaggle gives.
 *
 * <p>Each {@link InjuryGroup}: the submitted columns divided by their row sum, then
 * scikit-learn's {@code log_loss} with the truth's sample weights: every probability clipped to
 * [{@link #EPSILON}, 1 - {@link #EPSILON}], the row divided by its new sum, and the weighted mean
 * over patients of -log(the true class's share). any_injury is never read from the submission:
 * its prediction is the largest 1 - normalised healthy over the groups, scored as a binary
 * log loss with weight 6 for an injured patient. The score is the mean of the six losses.
 *
 * <p>{@link #EPSILON} is 2^-52 (2.2e-16), {@code np.finfo(np.float64).eps}: scikit-learn's
 * {@code log_loss} has clipped at the machine epsilon of the prediction's dtype (float64 here)
 * since release 1.2 (December 2022), the rule of the releases current while the competition ran
 * (2023). Releases up to 1.1 clipped at 1e-15 instead; the two differ only for a
 * normalised probability below 1e-15 or above 1 - 1e-15, where a certain wrong answer costs
 * -ln(2^-52) = 36.04 rather than 34.54.
 *
 * <p>Where this differs from scikit-learn on purpose: a truth in which every patient is healthy
 * (or every one injured) still gets an any_injury loss, as {@code log_loss(..., labels=[0, 1])}
 * would give; plain {@code log_loss} refuses such a truth, which a small fold can be.
 */
public final class CompetitionMetric {
  public static final double EPSILON = 0x1p-52;
  /** The host's any_injury weight for an injured patient; a healthy one weighs 1. */
  public static final double ANY_INJURY_WEIGHT = 6;

  private static final int GROUPS = InjuryGroup.values().length;
  private static final int PATIENTS_NAMED = 5;

  private CompetitionMetric() {}

  /**
   * Scores a submission against the labels.
   *
   * @param truth the labels of the patients to score, e.g. from {@code LabelTables.readTrain}
   * @param submission exactly one row for each patient of {@code truth}
   * @throws LabelFileException naming the submission's source and patients when it lacks a
   *     patient of the truth or has one that is not in it (Kaggle refuses both)
   * @throws IllegalArgumentException if the truth holds no patients
   */
  public static CompetitionScore score(Map<Integer, PatientLabels> truth, Submission submission) throws LabelFileException {
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("the truth holds no patients; there is nothing to score");
    }
    requireSamePatients(truth, submission);
    double[] weightedLoss = new double[GROUPS + 1];
    double[] weight = new double[GROUPS + 1];
    for (Map.Entry<Integer, PatientLabels> patient : truth.entrySet()) {
      SubmissionRow row = submission.rows().get(patient.getKey());
      PatientLabels labels = patient.getValue();
      double anyInjury = 0;
      for (InjuryGroup group : InjuryGroup.values()) {
        double[] shares = row.normalised(group);
        int trueClass = group.trueClass(labels);
        double w = group.weight(trueClass);
        weightedLoss[group.ordinal()] += w * -Math.log(clippedShare(shares, trueClass));
        weight[group.ordinal()] += w;
        anyInjury = Math.max(anyInjury, 1 - shares[0]);
      }
      double w = labels.anyInjury() ? ANY_INJURY_WEIGHT : 1;
      weightedLoss[GROUPS] += w * -Math.log(clippedBinaryShare(anyInjury, labels.anyInjury()));
      weight[GROUPS] += w;
    }
    double[] loss = new double[GROUPS + 1];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = weightedLoss[i] / weight[i];
    }
    return new CompetitionScore(loss[0], loss[1], loss[2], loss[3], loss[4], loss[5]);
  }

  /** log_loss's clip then renormalise: the true class's share once every probability is clipped. */
  private static double clippedShare(double[] shares, int trueClass) {
    double sum = 0;
    for (double share : shares) {
      sum += clip(share);
    }
    return clip(shares[trueClass]) / sum;
  }

  /**
   * log_loss on a single probability column: it is clipped first and only then paired with
   * 1 - p, so 1 - p is not clipped again (it can fall a hair below epsilon).
   */
  private static double clippedBinaryShare(double p, boolean positive) {
    double clipped = clip(p);
    return (positive ? clipped : 1 - clipped) / ((1 - clipped) + clipped);
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  }

  private static void requireSamePatients(Map<Integer, PatientLabels> truth, Submission submission) throws LabelFileException {
    List<Integer> missing = truth.keySet().stream().filter(p -> !submission.rows().containsKey(p)).sorted().toList();
    List<Integer> extra = submission.rows().keySet().stream().filter(p -> !truth.containsKey(p)).toList();
    if (missing.isEmpty() && extra.isEmpty()) {
      return;
    }
    String problem = missing.isEmpty() ? "" : "no row for " + missing.size() + " of the truth's " + truth.size() + " patients: " + named(missing);
    if (!extra.isEmpty()) {
      problem += (problem.isEmpty() ? "" : "; ") + extra.size() + " patients not in the truth: " + named(extra)
          + " (a submission must hold exactly the scored patients, as Kaggle requires)";
    }
    throw new LabelFileException(submission.source(), problem);
  }

  private static String named(List<Integer> patients) {
    String first = patients.stream().limit(PATIENTS_NAMED).map(String::valueOf).collect(Collectors.joining(", "));
    return patients.size() > PATIENTS_NAMED ? first + " and " + (patients.size() - PATIENTS_NAMED) + " more" : first;
  }
}
