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
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.CompetitionScore;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.Submission;
import org.traumaflow.training.RunRecord;
import org.traumaflow.training.ZooRegistry;
import org.traumaflow.volume.SliceTarget;

/**
 * An ensemble scored on the registry's out-of-fold study predictions: each registry member's
 * prediction for a patient is the mean over its runs that held the patient out (the seeds of its
 * fold). The registry keeps only study-level predictions (the max over windows), so folds are
 * not averaged at slice level here and the series are already combined: scoring starts at
 * {@link EnsembleBlend#acrossMembers}. TorchScript members have no out-of-fold predictions and
 * take no part. The patients scored are those every registry member has a prediction for;
 * groups no member predicts take the truth's label prevalence, as the registry's scores do.
 */
public final class OutOfFoldEnsemble {
  private final Map<String, Map<Integer, Map<SliceTarget, Double>>> members;
  private final Map<Integer, PatientLabels> truth;
  private final PriorBaseline prior;

  /**
   * @param registryRuns per registry member, its runs ({@link MemberVerifier#againstRegistry})
   * @param truth the labels; every covered patient must be in it
   * @throws IllegalArgumentException if no patient is covered by every member, or one is not in the truth
   */
  public OutOfFoldEnsemble(Map<String, List<RunRecord>> registryRuns, Map<Integer, PatientLabels> truth) {
    if (registryRuns.isEmpty()) {
      throw new IllegalArgumentException("the spec has no registry member; there are no out-of-fold predictions to tune on");
    }
    this.members = new LinkedHashMap<>();
    registryRuns.forEach((name, runs) -> members.put(name, pooled(runs)));
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
      Map<String, Map<SliceTarget, Double>> byMember = new LinkedHashMap<>();
      members.forEach((name, predictions) -> byMember.put(name, predictions.get(patient)));
      rows.put(patient, EnsembleBlend.patient(spec, List.of(byMember), prior.rowFor(patient)));
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

  private static Map<Integer, Map<SliceTarget, Double>> pooled(List<RunRecord> runs) {
    Map<Integer, Map<SliceTarget, Double>> byTarget = new HashMap<>();
    ZooRegistry.pooled(runs).forEach((patient, row) -> {
      Map<SliceTarget, Double> targets = new EnumMap<>(SliceTarget.class);
      row.forEach((column, p) -> targets.put(SliceTarget.ofColumn(column), p));
      byTarget.put(patient, targets);
    });
    return byTarget;
  }
}
