package org.traumaflow.ensemble;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTask;

/**
 * The ensemble's arithmetic (METHOD.md, "Ensemble"), in the order it is applied:
 *
 * <ol>
 *   <li>{@link #averageFolds}: one model's fold (and seed) runs averaged at slice level, per
 *       window and step, before any max;
 *   <li>{@link #studyProbabilities}: the max over the steps and windows of a series;
 *   <li>{@link #acrossMembers}: models and preprocessing variants averaged, weighted, after that max;
 *   <li>{@link #combineSeries}: a patient's series combined, mean or max;
 *   <li>{@link #row}: {@link Scaling}, then each group normalised into the 13 columns.
 * </ol>
 *
 * {@link #patient} applies steps 3 to 5 to one patient's series.
 *
 * Pure functions of their arguments, so the scoring pipeline's DoFns and the tuner share them.
 */
public final class EnsembleBlend {
  private EnsembleBlend() {}

  /** A member's study probabilities and its weight. */
  public record Weighted(double weight, Map<SliceTarget, Double> probabilities) {}

  /**
   * The element-wise mean of several runs' outputs on the same windows.
   *
   * @param runs per run, per window {@code [step][output]} (as {@link SequencePredictor#predict})
   * @throws IllegalArgumentException if the runs saw different numbers or shapes of windows
   */
  public static List<float[][]> averageFolds(List<List<float[][]>> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to average");
    }
    List<float[][]> first = runs.get(0);
    float[][][] sum = new float[first.size()][][];
    for (int w = 0; w < first.size(); w++) {
      sum[w] = new float[first.get(w).length][first.get(w)[0].length];
    }
    for (List<float[][]> run : runs) {
      if (run.size() != first.size()) {
        throw new IllegalArgumentException("runs predicted " + run.size() + " and " + first.size() + " windows of the same series");
      }
      for (int w = 0; w < sum.length; w++) {
        float[][] window = run.get(w);
        if (window.length != sum[w].length || window[0].length != sum[w][0].length) {
          throw new IllegalArgumentException("window " + w + ": runs gave outputs of different shapes");
        }
        for (int step = 0; step < window.length; step++) {
          for (int o = 0; o < window[step].length; o++) {
            sum[w][step][o] += window[step][o] / runs.size();
          }
        }
      }
    }
    return List.of(sum);
  }

  /** The max over steps and windows of a member's (fold-averaged) outputs, by target. */
  public static Map<SliceTarget, Double> studyProbabilities(SequenceTask task, List<float[][]> windows) {
    float[] max = SequencePredictor.studyMax(windows);
    if (max.length != task.outputs()) {
      throw new IllegalArgumentException(max.length + " outputs per step, the " + task + " task has " + task.outputs());
    }
    Map<SliceTarget, Double> byTarget = new EnumMap<>(SliceTarget.class);
    for (int i = 0; i < max.length; i++) {
      byTarget.put(task.targets().get(i), (double) max[i]);
    }
    return byTarget;
  }

  /**
   * Each target's weighted mean over the members that predict it: sum(w p) / sum(w), so an
   * organ model's weight never dilutes the bowel models' average.
   *
   * @throws IllegalArgumentException if a predicted target's members all weigh 0
   */
  public static Map<SliceTarget, Double> acrossMembers(List<Weighted> members) {
    Map<SliceTarget, double[]> sums = new EnumMap<>(SliceTarget.class);
    for (Weighted member : members) {
      member.probabilities().forEach((target, p) -> {
        double[] sum = sums.computeIfAbsent(target, t -> new double[2]);
        sum[0] += member.weight() * p;
        sum[1] += member.weight();
      });
    }
    Map<SliceTarget, Double> mean = new EnumMap<>(SliceTarget.class);
    sums.forEach((target, sum) -> {
      if (sum[1] <= 0) {
        throw new IllegalArgumentException("every member predicting " + target.column() + " has weight 0");
      }
      mean.put(target, sum[0] / sum[1]);
    });
    return mean;
  }

  /**
   * A patient's series combined per target: their mean, or their max. A target missing from a
   * series is combined over the series that have it.
   */
  public static Map<SliceTarget, Double> combineSeries(List<Map<SliceTarget, Double>> series, EnsembleSpec.SeriesCombination how) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a patient needs at least one series");
    }
    Map<SliceTarget, Double> combined = new EnumMap<>(SliceTarget.class);
    Map<SliceTarget, Integer> counts = new EnumMap<>(SliceTarget.class);
    for (Map<SliceTarget, Double> one : series) {
      one.forEach((target, p) -> {
        counts.merge(target, 1, Integer::sum);
        combined.merge(target, p, how == EnsembleSpec.SeriesCombination.MAX ? Math::max : Double::sum);
      });
    }
    if (how == EnsembleSpec.SeriesCombination.MEAN) {
      combined.replaceAll((target, sum) -> sum / counts.get(target));
    }
    return combined;
  }

  /**
   * One patient's row from its series' member predictions: per series {@link #acrossMembers}
   * with the spec's weights, then {@link #combineSeries} by the spec's rule, then {@link #row}.
   *
   * @param series per series, member name -> its study probabilities (fold-averaged, then the
   *     max); a member absent from a series takes no part in it
   * @param fallback the patient's row for groups no member predicts, e.g. the label prior's
   */
  public static EnsembleRow patient(EnsembleSpec spec, List<Map<String, Map<SliceTarget, Double>>> series, SubmissionRow fallback) {
    List<Map<SliceTarget, Double>> blended = new ArrayList<>(series.size());
    for (Map<String, Map<SliceTarget, Double>> members : series) {
      List<Weighted> weighted = new ArrayList<>();
      for (EnsembleSpec.Member member : spec.members()) {
        Map<SliceTarget, Double> probabilities = members.get(member.name());
        if (probabilities != null) {
          weighted.add(new Weighted(member.weight(), probabilities));
        }
      }
      blended.add(acrossMembers(weighted));
    }
    return row(combineSeries(blended, spec.seriesCombination()), spec.scaling(), fallback);
  }

  /** Scaling, then per-group normalisation: the patient's submission row and any_injury. */
  public static EnsembleRow row(Map<SliceTarget, Double> blended, Scaling scaling, SubmissionRow fallback) {
    return EnsembleRow.normalise(scaling.apply(blended, fallback));
  }
}
