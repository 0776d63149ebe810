package org.traumaflow.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.SliceTarget;

class StudyPredictionTest {
  private static final SubmissionRow FALLBACK =
      new SubmissionRow(5, List.of(0.97, 0.03, 0.93, 0.07, 0.94, 0.04, 0.02, 0.89, 0.07, 0.04, 0.88, 0.06, 0.06));

  @Test
  void everyTargetPredictedGivesHealthyAsOneMinusInjuryAndTheGradesAsTheyAre() {
    Map<SliceTarget, Double> p = new EnumMap<>(SliceTarget.class);
    for (SliceTarget target : SliceTarget.values()) {
      p.put(target, (target.ordinal() + 1) / 20.0);
    }
    SubmissionRow row = new StudyPrediction(5, p).toSubmissionRow(FALLBACK);
    assertEquals(1 - p.get(SliceTarget.BOWEL), row.probability("bowel_healthy"));
    assertEquals(p.get(SliceTarget.BOWEL), row.probability("bowel_injury"));
    assertEquals(1 - p.get(SliceTarget.EXTRAVASATION), row.probability("extravasation_healthy"));
    assertEquals(p.get(SliceTarget.EXTRAVASATION), row.probability("extravasation_injury"));
    assertEquals(1 - p.get(SliceTarget.KIDNEY_INJURY), row.probability("kidney_healthy"));
    assertEquals(p.get(SliceTarget.KIDNEY_LOW), row.probability("kidney_low"));
    assertEquals(p.get(SliceTarget.KIDNEY_HIGH), row.probability("kidney_high"));
    assertEquals(1 - p.get(SliceTarget.LIVER_INJURY), row.probability("liver_healthy"));
    assertEquals(p.get(SliceTarget.LIVER_LOW), row.probability("liver_low"));
    assertEquals(p.get(SliceTarget.LIVER_HIGH), row.probability("liver_high"));
    assertEquals(1 - p.get(SliceTarget.SPLEEN_INJURY), row.probability("spleen_healthy"));
    assertEquals(p.get(SliceTarget.SPLEEN_LOW), row.probability("spleen_low"));
    assertEquals(p.get(SliceTarget.SPLEEN_HIGH), row.probability("spleen_high"));
  }

  @Test
  void groupsAModelDoesNotPredictComeFromTheFallback() {
    SubmissionRow row = new StudyPrediction(5, Map.of(SliceTarget.BOWEL, 0.2, SliceTarget.EXTRAVASATION, 0.6)).toSubmissionRow(FALLBACK);
    assertEquals(0.2, row.probability("bowel_injury"));
    assertEquals(0.6, row.probability("extravasation_injury"));
    for (String organColumn : SubmissionRow.COLUMNS.subList(4, SubmissionRow.COLUMNS.size())) {
      assertEquals(FALLBACK.probability(organColumn), row.probability(organColumn), organColumn);
    }
  }

  @Test
  void nothingPredictedIsTheFallback() {
    assertEquals(FALLBACK, new StudyPrediction(5, Map.of()).toSubmissionRow(FALLBACK));
  }

  @Test
  void aGroupWithOnlySomeOfItsTargetsIsRefusedNamingThem() {
    StudyPrediction partial = new StudyPrediction(5, Map.of(SliceTarget.LIVER_INJURY, 0.3, SliceTarget.LIVER_LOW, 0.2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> partial.toSubmissionRow(FALLBACK));
    assertEquals("patient 5: liver needs [liver_injury, liver_low, liver_high] together, got only [liver_injury, liver_low]", e.getMessage());
  }

  @Test
  void aValueOutsideZeroToOneIsRefusedNamingTheTarget() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StudyPrediction(5, Map.of(SliceTarget.SPLEEN_HIGH, 1.5)));
    assertTrue(e.getMessage().startsWith("patient 5: spleen_high must be a probability"), e.getMessage());
  }

  @Test
  void anotherPatientsFallbackIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StudyPrediction(6, Map.of()).toSubmissionRow(FALLBACK));
  }
}
