package org.traumaflow.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Fits an ensemble's member weights and scaling factors to out-of-fold predictions by minimising
 * the competition score: a deterministic multiplicative coordinate search. Each pass walks the
 * parameters in a fixed order (the weights of the members with out-of-fold predictions in spec order, then
 * {@link Scaling#FACTOR_NAMES}) and tries the value times and divided by a step, kept within the
 * parameter's bounds; a move is kept only when it lowers the score. A pass without a kept move
 * shrinks the step to its square root, from 2 down to below {@value #FINEST_STEP}. Bounds: weights [0, 10], factors [0.01, 50].
 *
 * <p>The start is scored first and only strict improvements are kept, so the result never
 * scores worse out of fold than the start. A parameter at 0 stays 0 (a member weighted 0 stays
 * out). Weights are relative within each target's members, so a spec with one member per
 * target has nothing to gain from them. The out-of-fold score is an in-sample score for the
 * tuned parameters: with few patients, expect it to flatter them.
 */
public final class EnsembleTuner {
  static final double FINEST_STEP = 1.02;
  private static final double FIRST_STEP = 2;
  private static final double WEIGHT_MAX = 10;
  private static final double FACTOR_MIN = 0.01;
  private static final double FACTOR_MAX = 50;
  /** A guard only: every kept move lowers the score, so the search ends well before this. */
  private static final int MAX_PASSES = 200;

  /** The tuned spec and the out-of-fold scores around it. */
  public record Result(EnsembleSpec spec, double before, double after, int evaluations) {}

  /** One tunable number of a spec. */
  private record Parameter(Function<EnsembleSpec, Double> get, BiFunction<EnsembleSpec, Double, EnsembleSpec> set,
                           double min, double max) {}

  private EnsembleTuner() {}

  public static Result tune(EnsembleSpec start, OutOfFoldEnsemble oof) {
    List<Parameter> parameters = parameters(start, oof);
    EnsembleSpec best = start;
    double bestScore = oof.score(start).mean();
    double before = bestScore;
    int evaluations = 1;
    double step = FIRST_STEP;
    for (int pass = 0; pass < MAX_PASSES && step >= FINEST_STEP; pass++) {
      boolean moved = false;
      for (Parameter parameter : parameters) {
        double value = parameter.get().apply(best);
        for (double candidate : new double[] {value * step, value / step}) {
          double bounded = Math.min(parameter.max(), Math.max(parameter.min(), candidate));
          if (bounded == value || value == 0) {
            continue;
          }
          EnsembleSpec trial = parameter.set().apply(best, bounded);
          double score;
          try {
            score = oof.score(trial).mean();
          } catch (IllegalArgumentException unusable) {
            continue;
          }
          evaluations++;
          if (score < bestScore) {
            best = trial;
            bestScore = score;
            value = bounded;
            moved = true;
          }
        }
      }
      if (!moved) {
        step = Math.sqrt(step);
      }
    }
    return new Result(best, before, bestScore, evaluations);
  }

  private static List<Parameter> parameters(EnsembleSpec spec, OutOfFoldEnsemble oof) {
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < spec.members().size(); i++) {
      int index = i;
      EnsembleSpec.Member member = spec.members().get(i);
      if (member.fromRegistry() && oof.takesPart(member.name())) {
        parameters.add(new Parameter(s -> s.members().get(index).weight(),
            (s, w) -> {
              List<EnsembleSpec.Member> members = new ArrayList<>(s.members());
              members.set(index, members.get(index).withWeight(w));
              return s.withMembers(members);
            }, 0, WEIGHT_MAX));
      }
    }
    for (int i = 0; i < Scaling.FACTOR_NAMES.size(); i++) {
      int index = i;
      parameters.add(new Parameter(s -> s.scaling().factors().get(index),
          (s, f) -> s.withScaling(s.scaling().withFactor(index, f)), FACTOR_MIN, FACTOR_MAX));
    }
    return parameters;
  }
}
