package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.model.SequenceTask;

/** The ensemble's arithmetic against small cases worked by hand. */
class EnsembleBlendTest {
  private static final double EXACT = 1e-12;
  private static final double FLOAT = 1e-6;

  /** Every group: healthy 0.9, the rest sharing 0.1. */
  private static final SubmissionRow FALLBACK = new SubmissionRow(7, List.of(0.9, 0.1, 0.9, 0.1, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05, 0.9, 0.05, 0.05));

  @Test
  void foldsAreAveragedPerWindowAndStepBeforeTheMax() {
    // Fold A peaks at step 1 for bowel, fold B at step 0: averaged per step, the max is 0.4;
    // averaging the two maxima instead would give (0.6 + 0.4) / 2 = 0.5.
    List<float[][]> foldA = List.<float[][]>of(new float[][] {{0.2f, 0.4f}, {0.6f, 0.0f}});
    List<float[][]> foldB = List.<float[][]>of(new float[][] {{0.4f, 0.0f}, {0.2f, 0.8f}});

    List<float[][]> mean = EnsembleBlend.averageFolds(List.of(foldA, foldB));
    Map<SliceTarget, Double> study = EnsembleBlend.studyProbabilities(SequenceTask.BOWEL_EXTRAVASATION, mean);

    assertEquals(0.3, mean.get(0)[0][0], FLOAT);
    assertEquals(0.4, mean.get(0)[1][1], FLOAT);
    assertEquals(0.4, study.get(SliceTarget.BOWEL), FLOAT);
    assertEquals(0.4, study.get(SliceTarget.EXTRAVASATION), FLOAT);
  }

  @Test
  void theMaxRunsOverEveryWindowOfTheSeries() {
    List<float[][]> windows = List.of(new float[][] {{0.1f, 0.2f}}, new float[][] {{0.7f, 0.05f}});
    Map<SliceTarget, Double> study = EnsembleBlend.studyProbabilities(SequenceTask.BOWEL_EXTRAVASATION, windows);
    assertEquals(0.7, study.get(SliceTarget.BOWEL), FLOAT);
    assertEquals(0.2, study.get(SliceTarget.EXTRAVASATION), FLOAT);
  }

  @Test
  void foldsThatSawDifferentWindowsAreRefused() {
    List<float[][]> one = List.<float[][]>of(new float[][] {{0.1f, 0.2f}});
    List<float[][]> two = List.of(new float[][] {{0.1f, 0.2f}}, new float[][] {{0.1f, 0.2f}});
    assertThrows(IllegalArgumentException.class, () -> EnsembleBlend.averageFolds(List.of(one, two)));
  }

  @Test
  void membersAreWeightedPerTargetAmongThoseThatPredictIt() {
    EnsembleBlend.Weighted organsA = new EnsembleBlend.Weighted(1, Map.of(SliceTarget.LIVER_INJURY, 0.2));
    EnsembleBlend.Weighted organsB = new EnsembleBlend.Weighted(3, Map.of(SliceTarget.LIVER_INJURY, 0.6));
    EnsembleBlend.Weighted bowel = new EnsembleBlend.Weighted(2, Map.of(SliceTarget.BOWEL, 0.3));

    Map<SliceTarget, Double> blended = EnsembleBlend.acrossMembers(List.of(organsA, organsB, bowel));

    assertEquals((1 * 0.2 + 3 * 0.6) / 4, blended.get(SliceTarget.LIVER_INJURY), EXACT);
    assertEquals(0.3, blended.get(SliceTarget.BOWEL), EXACT);
    assertEquals(2, blended.size());
  }

  @Test
  void aTargetWhoseMembersAllWeighZeroIsRefused() {
    EnsembleBlend.Weighted silent = new EnsembleBlend.Weighted(0, Map.of(SliceTarget.BOWEL, 0.3));
    assertThrows(IllegalArgumentException.class, () -> EnsembleBlend.acrossMembers(List.of(silent)));
  }

  @Test
  void seriesAreCombinedByMeanOrMax() {
    List<Map<SliceTarget, Double>> series = List.of(Map.of(SliceTarget.BOWEL, 0.2), Map.of(SliceTarget.BOWEL, 0.6));
    assertEquals(0.4, EnsembleBlend.combineSeries(series, EnsembleSpec.SeriesCombination.MEAN).get(SliceTarget.BOWEL), EXACT);
    assertEquals(0.6, EnsembleBlend.combineSeries(series, EnsembleSpec.SeriesCombination.MAX).get(SliceTarget.BOWEL), EXACT);
  }

  @Test
  void aPatientsSeriesAreEachBlendedAcrossMembersThenCombined() {
    EnsembleSpec.Member a = new EnsembleSpec.Member("a", 1, "ours", null, null, "a.pt", "0".repeat(64), "bowel_extravasation");
    EnsembleSpec.Member b = new EnsembleSpec.Member("b", 3, "theo", null, null, "b.pt", "0".repeat(64), "bowel_extravasation");
    EnsembleSpec mean = new EnsembleSpec(List.of(a, b), "mean", null);
    // Series 1: (1 x 0.2 + 3 x 0.6) / 4 = 0.5; series 2 was not seen by b: 0.4.
    List<Map<String, Map<SliceTarget, Double>>> series = List.of(
        Map.of("a", Map.of(SliceTarget.BOWEL, 0.2), "b", Map.of(SliceTarget.BOWEL, 0.6)),
        Map.of("a", Map.of(SliceTarget.BOWEL, 0.4)));

    EnsembleRow meanRow = EnsembleBlend.patient(mean, series, FALLBACK);
    EnsembleRow maxRow = EnsembleBlend.patient(new EnsembleSpec(List.of(a, b), "max", null), series, FALLBACK);

    assertEquals(0.45, meanRow.row().probability("bowel_injury"), EXACT);
    assertEquals(0.5, maxRow.row().probability("bowel_injury"), EXACT);
    assertEquals(0.1, meanRow.row().probability("extravasation_injury"), EXACT);
  }

  @Test
  void methodScalingThenNormalisationGivesTheHandWorkedRow() {
    Map<SliceTarget, Double> blended = new EnumMap<>(SliceTarget.class);
    blended.put(SliceTarget.LIVER_INJURY, 0.5);
    blended.put(SliceTarget.LIVER_LOW, 0.2);
    blended.put(SliceTarget.LIVER_HIGH, 0.1);
    blended.put(SliceTarget.BOWEL, 0.2);
    blended.put(SliceTarget.EXTRAVASATION, 0.1);
    Scaling method = Scaling.METHOD.withExtravasationPrevalence(0.1);

    EnsembleRow row = EnsembleBlend.row(blended, method, FALLBACK);

    // liver: healthy 1 - 0.5 = 0.5, low 1.5 x 0.2 = 0.3, high 3 x 0.1 = 0.3; sum 1.1.
    assertEquals(0.5 / 1.1, row.row().probability("liver_healthy"), EXACT);
    assertEquals(0.3 / 1.1, row.row().probability("liver_low"), EXACT);
    assertEquals(0.3 / 1.1, row.row().probability("liver_high"), EXACT);
    // extravasation: injury 3 x 0.1 + 4 x 0.1 = 0.7, healthy 0.5 x 0.9 + 0.5 x 0.9 = 0.9; sum 1.6.
    assertEquals(0.9 / 1.6, row.row().probability("extravasation_healthy"), EXACT);
    assertEquals(0.7 / 1.6, row.row().probability("extravasation_injury"), EXACT);
    // bowel unscaled: 0.8, 0.2.
    assertEquals(0.2, row.row().probability("bowel_injury"), EXACT);
    // kidney and spleen from the fallback, which already sums to 1.
    assertEquals(0.9, row.row().probability("kidney_healthy"), EXACT);
    assertEquals(0.05, row.row().probability("spleen_high"), EXACT);
    // any_injury: the largest 1 - healthy, the liver's 1 - 0.5 / 1.1 = 0.6 / 1.1.
    assertEquals(0.6 / 1.1, row.anyInjury(), EXACT);
  }

  @Test
  void everyGroupSumsToOneAfterNormalisation() {
    Random random = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      Map<SliceTarget, Double> blended = new EnumMap<>(SliceTarget.class);
      for (SliceTarget target : SliceTarget.values()) {
        blended.put(target, random.nextDouble());
      }
      Scaling scaling = Scaling.METHOD.withFactor(0, 0.1 + 5 * random.nextDouble()).withFactor(1, 0.1 + 5 * random.nextDouble());
      SubmissionRow row = EnsembleBlend.row(blended, scaling, FALLBACK).row();
      for (InjuryGroup group : InjuryGroup.values()) {
        assertEquals(1, group.columns().stream().mapToDouble(row::probability).sum(), 1e-12, group.prefix());
      }
    }
  }

  @Test
  void aCertainInjuryWithNeitherGradeStillMakesAValidRow() {
    Map<SliceTarget, Double> blended = new EnumMap<>(SliceTarget.class);
    blended.put(SliceTarget.SPLEEN_INJURY, 1.0);
    blended.put(SliceTarget.SPLEEN_LOW, 0.0);
    blended.put(SliceTarget.SPLEEN_HIGH, 0.0);
    SubmissionRow row = EnsembleBlend.row(blended, Scaling.METHOD, FALLBACK).row();
    // Kept 1e-6 from the ends: healthy 1e-6, low 1.5e-6, high 3e-6; sum 5.5e-6.
    assertEquals(1.0 / 5.5, row.probability("spleen_healthy"), 1e-9);
  }

  @Test
  void aGroupWithOnlySomeOfItsTargetsIsRefused() {
    Map<SliceTarget, Double> partial = new EnumMap<>(SliceTarget.class);
    partial.put(SliceTarget.KIDNEY_INJURY, 0.3);
    assertThrows(IllegalArgumentException.class, () -> EnsembleBlend.row(partial, Scaling.METHOD, FALLBACK));
  }

  @Test
  void noFoldsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EnsembleBlend.averageFolds(new ArrayList<>()));
  }
}
