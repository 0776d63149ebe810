package org.traumaflow.ensemble;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.StudyPrediction;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.zoo.StudyPredictions;

/**
 * The per-class scaling factors (METHOD.md, "Ensemble") that turn blended target probabilities
 * into a group's unnormalised columns; the metric's sample weights make an unscaled sigmoid
 * output too shy of injuries. With p the blended probability of a target:
 *
 * <pre>
 * bowel:          healthy = 1 - p(bowel)               injury = bowel_injury x p(bowel)
 * extravasation:  healthy = extravasation_healthy_prior x (1 - extravasation_prevalence)
 *                         + extravasation_healthy_p x (1 - p(extravasation))
 *                 injury  = extravasation_injury_prior x extravasation_prevalence
 *                         + extravasation_injury_p x p(extravasation)
 * liver, spleen, kidney:  healthy = 1 - p(X_injury)   low = organ_low x p(X_low)   high = organ_high x p(X_high)
 * </pre>
 *
 * Each group is then divided by its sum ({@link EnsembleRow#normalise}). "prior" in METHOD.md's
 * extravasation formulas is the label prior of that column: the training labels' share of
 * extravasation_injury for injury, of extravasation_healthy (1 - that) for healthy.
 *
 * @param organLow METHOD.md x1.5
 * @param organHigh METHOD.md x3
 * @param bowelInjury not in METHOD.md, so 1 (unchanged) unless tuned
 * @param extravasationInjuryPrior METHOD.md 3
 * @param extravasationInjuryP METHOD.md 4
 * @param extravasationHealthyPrior METHOD.md 0.5
 * @param extravasationHealthyP METHOD.md 0.5
 * @param extravasationPrevalence the training labels' share of extravasation_injury (200 of
 *     3147 patients of the real train.csv); a fact of the data, set from the truth, never tuned
 */
public record Scaling(
    @JsonProperty("organ_low") Double organLow,
    @JsonProperty("organ_high") Double organHigh,
    @JsonProperty("bowel_injury") Double bowelInjury,
    @JsonProperty("extravasation_injury_prior") Double extravasationInjuryPrior,
    @JsonProperty("extravasation_injury_p") Double extravasationInjuryP,
    @JsonProperty("extravasation_healthy_prior") Double extravasationHealthyPrior,
    @JsonProperty("extravasation_healthy_p") Double extravasationHealthyP,
    @JsonProperty("extravasation_prevalence") Double extravasationPrevalence) implements java.io.Serializable {

  /** The YAML names of {@link #factors()}. */
  public static final List<String> FACTOR_NAMES = List.of("organ_low", "organ_high", "bowel_injury", "extravasation_injury_prior",
      "extravasation_injury_p", "extravasation_healthy_prior", "extravasation_healthy_p");

  /** The METHOD.md development values, with the real train.csv's extravasation prevalence. */
  public static final Scaling METHOD = new Scaling(null, null, null, null, null, null, null, null);

  /** A key left out of the spec takes its METHOD.md value. */
  public Scaling {
    organLow = orDefault(organLow, 1.5);
    organHigh = orDefault(organHigh, 3.0);
    bowelInjury = orDefault(bowelInjury, 1.0);
    extravasationInjuryPrior = orDefault(extravasationInjuryPrior, 3.0);
    extravasationInjuryP = orDefault(extravasationInjuryP, 4.0);
    extravasationHealthyPrior = orDefault(extravasationHealthyPrior, 0.5);
    extravasationHealthyP = orDefault(extravasationHealthyP, 0.5);
    extravasationPrevalence = orDefault(extravasationPrevalence, 200.0 / 3147);
  }

  /** The factors in declaration order, the order {@link #withFactor} indexes and the tuner walks. */
  public List<Double> factors() {
    return List.of(organLow, organHigh, bowelInjury, extravasationInjuryPrior, extravasationInjuryP, extravasationHealthyPrior,
        extravasationHealthyP);
  }

  /** A copy with factor {@code index} of {@link #factors()} set to {@code value}. */
  public Scaling withFactor(int index, double value) {
    Double[] f = factors().toArray(Double[]::new);
    f[index] = value;
    return new Scaling(f[0], f[1], f[2], f[3], f[4], f[5], f[6], extravasationPrevalence);
  }

  public Scaling withExtravasationPrevalence(double prevalence) {
    return new Scaling(organLow, organHigh, bowelInjury, extravasationInjuryPrior, extravasationInjuryP, extravasationHealthyPrior,
        extravasationHealthyP, prevalence);
  }

  /**
   * The scaled, not yet normalised row. Probabilities are first kept {@link StudyPredictions#MARGIN}
   * from 0 and 1, as the registry's scoring does, so no group can sum to 0. A group none of
   * whose targets is in {@code probabilities} is copied from {@code fallback}.
   *
   * @throws IllegalArgumentException if a group has only some of its targets
   */
  public SubmissionRow apply(Map<SliceTarget, Double> probabilities, SubmissionRow fallback) {
    List<Double> row = new ArrayList<>(fallback.probabilities());
    for (InjuryGroup group : InjuryGroup.values()) {
      List<SliceTarget> targets = StudyPrediction.targets(group);
      long present = targets.stream().filter(probabilities::containsKey).count();
      if (present == 0) {
        continue;
      }
      if (present != targets.size()) {
        throw new IllegalArgumentException("patient " + fallback.patientId() + ": " + group.prefix() + " needs all of "
            + targets.stream().map(SliceTarget::column).toList());
      }
      double[] p = targets.stream().mapToDouble(t -> kept(probabilities.get(t))).toArray();
      List<Double> columns = switch (group) {
        case BOWEL -> List.of(1 - p[0], bowelInjury * p[0]);
        case EXTRAVASATION -> List.of(
            extravasationHealthyPrior * (1 - extravasationPrevalence) + extravasationHealthyP * (1 - p[0]),
            extravasationInjuryPrior * extravasationPrevalence + extravasationInjuryP * p[0]);
        case KIDNEY, LIVER, SPLEEN -> List.of(1 - p[0], organLow * p[1], organHigh * p[2]);
      };
      int first = SubmissionRow.COLUMNS.indexOf(group.columns().get(0));
      for (int k = 0; k < columns.size(); k++) {
        row.set(first + k, columns.get(k));
      }
    }
    return new SubmissionRow(fallback.patientId(), row);
  }

  private static double kept(double p) {
    return Math.min(1 - StudyPredictions.MARGIN, Math.max(StudyPredictions.MARGIN, p));
  }

  private static Double orDefault(Double value, double fallback) {
    return value == null ? fallback : value;
  }
}
