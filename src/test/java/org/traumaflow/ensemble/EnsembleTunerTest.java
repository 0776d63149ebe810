package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.zoo.RunRecord;

/** Tuning weights and scaling on out-of-fold predictions never loses to its start. */
class EnsembleTunerTest {
  private final OutOfFoldZoo zoo = new OutOfFoldZoo(160, 5);

  @Test
  void tuningFromTheMethodValuesNeverScoresWorseOutOfFold() throws Exception {
    OutOfFoldEnsemble oof = outOfFold(zoo.spec());

    EnsembleTuner.Result result = EnsembleTuner.tune(zoo.spec(), oof);

    assertEquals(oof.score(zoo.spec()).mean(), result.before(), 0);
    assertTrue(result.after() <= result.before(), result.after() + " > " + result.before());
    assertEquals(oof.score(result.spec()).mean(), result.after(), 0);
  }

  @Test
  void aDeliberatelyMisScaledStartIsImproved() throws Exception {
    Scaling shy = new Scaling(0.05, 0.05, 0.05, 0.05, 0.05, 5.0, 5.0, null);
    EnsembleSpec start = zoo.spec().withScaling(shy);
    OutOfFoldEnsemble oof = outOfFold(start);

    EnsembleTuner.Result result = EnsembleTuner.tune(start, oof);

    assertTrue(result.after() < result.before() - 0.05, result.before() + " -> " + result.after());
    assertTrue(result.spec().scaling().organHigh() > shy.organHigh());
  }

  @Test
  void aTorchScriptMemberTakesNoPartAndKeepsItsWeight() throws Exception {
    EnsembleSpec.Member external = new EnsembleSpec.Member("external", 0.7, "theo", null, null, "external.pt", "0".repeat(64), "organs");
    List<EnsembleSpec.Member> members = new ArrayList<>(zoo.spec().members());
    members.add(external);
    EnsembleSpec start = zoo.spec().withMembers(members);
    OutOfFoldEnsemble oof = outOfFold(start);

    EnsembleTuner.Result result = EnsembleTuner.tune(start, oof);

    assertEquals(oof.score(zoo.spec()).mean(), result.before(), 0);
    assertEquals(external, result.spec().members().get(2));
  }

  @Test
  void theOnlyMemberOfATargetWeightedZeroIsRefused() throws Exception {
    EnsembleSpec spec = zoo.spec();
    EnsembleSpec dropped = spec.withMembers(List.of(spec.members().get(0), spec.members().get(1).withWeight(0)));
    // The bowel model is the only one predicting bowel and extravasation: weight 0 leaves them without a prediction.
    OutOfFoldEnsemble oof = outOfFold(dropped);
    assertThrows(IllegalArgumentException.class, () -> oof.score(dropped));
  }

  @Test
  void aPatientsOutOfFoldRowIsItsSeedsMeanScaledAndNormalised() throws Exception {
    // Patient 100 is in fold 0, held out by two organ runs (seeds): its organ prediction is their mean.
    Map<String, List<RunRecord>> runs = MemberVerifier.againstRegistry(zoo.spec(), zoo.registry());
    OutOfFoldEnsemble oof = new OutOfFoldEnsemble(runs, zoo.truth);
    int patient = 100;
    Map<String, Double> seed1 = runs.get(OutOfFoldZoo.ORGANS).get(0).studyPredictions().get(patient);
    Map<String, Double> seed2 = runs.get(OutOfFoldZoo.ORGANS).get(1).studyPredictions().get(patient);
    double liverInjury = (seed1.get("liver_injury") + seed2.get("liver_injury")) / 2;
    double liverLow = 1.5 * (seed1.get("liver_low") + seed2.get("liver_low")) / 2;
    double liverHigh = 3 * (seed1.get("liver_high") + seed2.get("liver_high")) / 2;
    double sum = 1 - liverInjury + liverLow + liverHigh;

    Map<String, Double> hand = Map.of("liver_healthy", (1 - liverInjury) / sum, "liver_low", liverLow / sum, "liver_high", liverHigh / sum);
    SubmissionRow blended = oof.rows(zoo.spec()).get(patient).row();

    hand.forEach((column, p) -> assertEquals(p, blended.probability(column), 1e-12, column));
  }

  @Test
  void aPatientWithTwoSeriesIsTunedOnTheSeriesCombinationTheSpecScoresWith() throws Exception {
    // Patient 102 is in fold 0 and has two series: each series' organ prediction is its seeds' mean,
    // and the patient's is the max of the two by default (the seed's), their mean with series: mean.
    int patient = 102;
    assertEquals(2, OutOfFoldZoo.seriesOf(patient).size());
    Map<String, List<RunRecord>> runs = MemberVerifier.againstRegistry(zoo.spec(), zoo.registry());
    OutOfFoldEnsemble oof = new OutOfFoldEnsemble(runs, zoo.truth);
    double[] injury = new double[2];
    double[] low = new double[2];
    double[] high = new double[2];
    for (int s = 0; s < 2; s++) {
      String series = OutOfFoldZoo.seriesOf(patient).get(s);
      for (RunRecord seed : runs.get(OutOfFoldZoo.ORGANS).subList(0, 2)) {
        Map<String, Double> row = seed.seriesPredictions().get(patient).get(series);
        injury[s] += row.get("liver_injury") / 2;
        low[s] += row.get("liver_low") / 2;
        high[s] += row.get("liver_high") / 2;
      }
    }
    assertEquals(EnsembleSpec.SeriesCombination.MAX, zoo.spec().seriesCombination(), "max unless the spec says otherwise");
    assertLiver(oof.rows(zoo.spec()).get(patient).row(),
        Math.max(injury[0], injury[1]), Math.max(low[0], low[1]), Math.max(high[0], high[1]));
    EnsembleSpec mean = new EnsembleSpec(zoo.spec().members(), "mean", null);
    assertLiver(oof.rows(mean).get(patient).row(), (injury[0] + injury[1]) / 2, (low[0] + low[1]) / 2, (high[0] + high[1]) / 2);
  }

  /** The liver group of {@code row} is METHOD.md's scaling (low x1.5, high x3) of these probabilities, normalised. */
  private static void assertLiver(SubmissionRow row, double injury, double low, double high) {
    double sum = 1 - injury + 1.5 * low + 3 * high;
    assertEquals((1 - injury) / sum, row.probability("liver_healthy"), 1e-12);
    assertEquals(1.5 * low / sum, row.probability("liver_low"), 1e-12);
    assertEquals(3 * high / sum, row.probability("liver_high"), 1e-12);
  }

  private OutOfFoldEnsemble outOfFold(EnsembleSpec spec) throws Exception {
    return new OutOfFoldEnsemble(MemberVerifier.againstRegistry(spec, zoo.registry()), zoo.truth);
  }
}
