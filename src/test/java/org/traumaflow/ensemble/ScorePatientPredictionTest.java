package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.seg.CropBox;

/** A patient's scored prediction: blended in series-id order, the fallback when nothing scored, and its JSON line. */
class ScorePatientPredictionTest {
  private static final EnsembleSpec SPEC = new EnsembleSpec(List.of(new EnsembleSpec.Member("bowel", 1.0, "ours", null, null,
      "bowel.pt", "0".repeat(64), "bowel_extravasation")), "mean", null);
  private static final SubmissionRow PRIOR = PriorBaseline.uniform().rowFor(5);

  private static SeriesScore series(String id, double bowel) {
    Map<SliceTarget, Double> p = new EnumMap<>(SliceTarget.class);
    p.put(SliceTarget.BOWEL, bowel);
    p.put(SliceTarget.EXTRAVASATION, 0.1);
    return new SeriesScore(id, Map.of("bowel", p), Map.of(), new CropBox(0.1, 0.9, 0.2, 0.8));
  }

  @Test
  void seriesAreBlendedInSeriesIdOrderWhateverOrderTheyArriveIn() {
    PatientPrediction a = PatientPrediction.blend(SPEC, List.of(series("9", 0.2), series("10", 0.6)), PRIOR);
    PatientPrediction b = PatientPrediction.blend(SPEC, List.of(series("10", 0.6), series("9", 0.2)), PRIOR);
    assertEquals(a, b);
    assertEquals(List.of("10", "9"), a.series().stream().map(SeriesScore::seriesId).toList());
    EnsembleRow expected = EnsembleBlend.patient(SPEC, a.series().stream().map(SeriesScore::members).toList(), PRIOR);
    assertEquals(expected, a.row());
    // The mean of the two series' bowel probabilities, 0.4, unscaled (bowel_injury is 1).
    assertEquals(0.4, a.row().row().probability("bowel_injury"), 1e-12);
    assertFalse(a.fallback());
  }

  @Test
  void aPatientWithNoScoredSeriesGetsTheFallbackRowMarkedAsSuch() {
    PatientPrediction p = PatientPrediction.unscored(PRIOR);
    assertTrue(p.fallback());
    assertTrue(p.series().isEmpty());
    assertEquals(PRIOR, p.row().row());
    assertEquals(2.0 / 3, p.row().anyInjury(), 1e-12, "the uniform row's largest 1 - healthy: a three-class group's");
    for (InjuryGroup group : InjuryGroup.values()) {
      assertEquals(1.0, java.util.Arrays.stream(p.row().row().normalised(group)).sum(), 1e-12, group.toString());
    }
  }

  @Test
  void itsJsonLineNamesTheSpecAndTheSegmentationModelAndGivesEachSeriesMembersAndCropBox() {
    Map<String, Object> json = PatientPrediction.blend(SPEC, List.of(series("9", 0.2)), PRIOR).asJson("ab".repeat(32), "cd".repeat(32));
    assertEquals(List.of("patient_id", "series", "probabilities", "any_injury", "fallback", "series_members", "ensemble_sha256",
        "segmentation_sha256"), List.copyOf(json.keySet()));
    assertEquals("cd".repeat(32), json.get("segmentation_sha256"));
    assertEquals(SubmissionRow.COLUMNS, List.copyOf(((Map<?, ?>) json.get("probabilities")).keySet()));
    Map<?, ?> nine = (Map<?, ?>) ((Map<?, ?>) json.get("series_members")).get("9");
    assertEquals(Map.of("bowel", 0.2, "extravasation", 0.1), ((Map<?, ?>) nine.get("members")).get("bowel"));
    assertEquals(List.of("row0", "row1", "col0", "col1"), List.copyOf(((Map<?, ?>) nine.get("crop_box")).keySet()));
  }
}
