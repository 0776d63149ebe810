package org.traumaflow.ensemble;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.CompetitionScore;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.Submission;
import org.traumaflow.zoo.RunRecord;

/**
 * An ensemble scored on the registry's out-of-fold predictions, the way {@code score} applies
 * it: for each held-out patient and each of its series, each registry member's prediction is the
 * mean over its runs that held the patient out (the seeds of its fold) of their max over the
 * series' windows; then {@link EnsembleBlend#patient} blends the members per series, combines the
 * series by the spec's rule and scales. The runs keep study-level predictions only, so a member's
 * seeds are averaged after the max here, where {@code score} averages them at slice level.
 *
 * <p>A member takes part when some of its runs held patients out. TorchScript members and members
 * whose runs all trained on every patient ({@code fold all}) have no out-of-fold predictions and
 * take no part; runs on every patient beside fold runs in one member add nothing here, and at
 * scoring carry the member's weight. The patients scored are those every taking-part member has
 * a prediction for; groups no member predicts take the truth's label prevalence, as the
 * registry's scores do.
 */
public final class OutOfFoldEnsemble {
  /** Per member that takes part: patient -> series -> target -> probability. */
  private final Map<String, Map<Integer, SortedMap<String, Map<SliceTarget, Double>>>> members;
  private final Map<Integer, PatientLabels> truth;
  private final PriorBaseline prior;

  /**
   * @param registryRuns per registry member, its runs ({@link MemberVerifier#againstRegistry})
   * @param truth the labels; every covered patient must be in it
   * @throws IllegalArgumentException if no member has out-of-fold predictions, no patient is
   *     covered by every member that has, a covered patient is not in the truth, or a run's
   *     record predates per-series predictions
   */
  public OutOfFoldEnsemble(Map<String, List<RunRecord>> registryRuns, Map<Integer, PatientLabels> truth) {
    if (registryRuns.isEmpty()) {
      throw new IllegalArgumentException("the spec has no registry member; there are no out-of-fold predictions to tune on");
    }
    this.members = new LinkedHashMap<>();
    registryRuns.forEach((name, runs) -> {
      Map<Integer, SortedMap<String, Map<SliceTarget, Double>>> pooled = pooled(runs);
      if (!pooled.isEmpty()) {
        members.put(name, pooled);
      }
    });
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no registry member of the spec has a run with a held-out fold; there are no out-of-fold "
          + "predictions to tune on");
    }
    TreeSet<Integer> covered = new TreeSet<>(members.values().iterator().next().keySet());
    members.values().forEach(m -> covered.retainAll(m.keySet()));
    if (covered.isEmpty()) {
      throw new IllegalArgumentException("no patient has an out-of-fold prediction from every registry member of the spec");
    }
    List<Integer> unknown = covered.stream().filter(p -> !truth.containsKey(p)).limit(5).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("out-of-fold patients not in the truth: " + unknown);
    }
    this.truth = new TreeMap<>();
    covered.forEach(p -> this.truth.put(p, truth.get(p)));
    this.prior = PriorBaseline.prevalence(truth);
  }

  /** Whether the member {@code name} takes part: it has out-of-fold predictions, so its weight can be tuned. */
  public boolean takesPart(String name) {
    return members.containsKey(name);
  }

  public int patients() {
    return truth.size();
  }

  /**
   * {@code spec}'s blend for each covered patient, by patient.
   *
   * @throws IllegalArgumentException if the spec's weights leave a predicted target without weight
   */
  public SortedMap<Integer, EnsembleRow> rows(EnsembleSpec spec) {
    SortedMap<Integer, EnsembleRow> rows = new TreeMap<>();
    for (int patient : truth.keySet()) {
      SortedMap<String, Map<String, Map<SliceTarget, Double>>> bySeries = new TreeMap<>();
      members.forEach((name, predictions) -> predictions.get(patient).forEach((series, targets) ->
          bySeries.computeIfAbsent(series, s -> new LinkedHashMap<>()).put(name, targets)));
      rows.put(patient, EnsembleBlend.patient(spec, List.copyOf(bySeries.values()), prior.rowFor(patient)));
    }
    return rows;
  }

  /**
   * The competition score of {@code spec}'s blend on the covered patients.
   *
   * @throws IllegalArgumentException if the spec's weights leave a predicted target without weight
   */
  public CompetitionScore score(EnsembleSpec spec) {
    return scored(Submission.of("out-of-fold ensemble", rows(spec).values().stream().map(EnsembleRow::row).toList()));
  }

  /** The label prevalence alone on the same patients, the baseline any ensemble must beat. */
  public CompetitionScore priorScore() {
    return scored(prior.submissionFor("label prior", truth.keySet()));
  }

  private CompetitionScore scored(Submission submission) {
    try {
      return CompetitionMetric.score(truth, submission);
    } catch (LabelFileException impossible) {
      throw new IllegalStateException("the submission was built for exactly the truth's patients", impossible);
    }
  }

  /** Per patient and series, per target the mean over the runs that held the patient out. */
  private static Map<Integer, SortedMap<String, Map<SliceTarget, Double>>> pooled(List<RunRecord> runs) {
    Map<Integer, SortedMap<String, Map<SliceTarget, double[]>>> sums = new HashMap<>();
    for (RunRecord run : runs) {
      if (run.seriesPredictions() == null) {
        if (run.studyPredictions().isEmpty()) {
          continue;
        }
        throw new IllegalArgumentException("run " + run.id() + " has no per-series out-of-fold predictions (its run.json predates "
            + "them); train it again to tune on it");
      }
      run.seriesPredictions().forEach((patient, bySeries) -> bySeries.forEach((series, row) -> row.forEach((column, p) -> {
        double[] sum = sums.computeIfAbsent(patient, k -> new TreeMap<>()).computeIfAbsent(series, k -> new EnumMap<>(SliceTarget.class))
            .computeIfAbsent(SliceTarget.ofColumn(column), k -> new double[2]);
        sum[0] += p;
        sum[1]++;
      })));
    }
    Map<Integer, SortedMap<String, Map<SliceTarget, Double>>> mean = new HashMap<>();
    sums.forEach((patient, bySeries) -> bySeries.forEach((series, targets) -> {
      Map<SliceTarget, Double> row = new EnumMap<>(SliceTarget.class);
      targets.forEach((target, sum) -> row.put(target, sum[0] / sum[1]));
      mean.computeIfAbsent(patient, k -> new TreeMap<>()).put(series, row);
    }));
    return mean;
  }
}
