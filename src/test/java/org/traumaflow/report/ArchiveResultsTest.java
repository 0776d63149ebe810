package org.traumaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.CodedConcept;
import org.traumaflow.dicom.TraumaFindingsReport;
import org.traumaflow.ensemble.EnsembleRow;
import org.traumaflow.metric.SubmissionRow;

/** What the SR states for a patient's row: every probability under its code, and each group's most probable class as a finding. */
class ArchiveResultsTest {
  private static EnsembleRow row(double... probabilities) {
    return new EnsembleRow(new SubmissionRow(10004, Arrays.stream(probabilities).boxed().toList()), 0.75);
  }

  @Test
  void eachGroupsMostProbableInjuryIsAFindingAndHealthyGroupsAreNot() {
    // bowel injury, extravasation healthy, kidney low, liver high, spleen healthy
    EnsembleRow row = row(0.4, 0.6, 0.9, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.5, 0.3, 0.2);
    assertEquals(List.of("TF-I-BOWEL", "TF-I-KIDNEY-LOW", "TF-I-LIVER-HIGH"), ArchiveResults.findings(row).stream().map(CodedConcept::value).toList());
    assertEquals("Liver injury, high grade", ArchiveResults.findings(row).get(2).meaning());
  }

  @Test
  void aHealthyRowStatesThatNoInjuryIsPredicted() {
    EnsembleRow row = row(0.9, 0.1, 0.9, 0.1, 0.8, 0.1, 0.1, 0.8, 0.1, 0.1, 0.8, 0.1, 0.1);
    assertEquals(List.of(CodedConcept.local("TF-I-NONE", "No injury predicted")), ArchiveResults.findings(row));
  }

  @Test
  void theThirteenColumnsThenAnyInjuryAreMeasuredInOrderAsProbabilities() {
    EnsembleRow row = row(0.4, 0.6, 0.9, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.5, 0.3, 0.2);
    List<TraumaFindingsReport.Measurement> measurements = ArchiveResults.measurements(row);
    assertEquals(14, measurements.size());
    for (int i = 0; i < 13; i++) {
      assertEquals(String.format("TF-P%02d", i + 1), measurements.get(i).concept().value());
      assertEquals("Probability of " + SubmissionRow.COLUMNS.get(i), measurements.get(i).concept().meaning());
      assertEquals(row.row().probabilities().get(i), measurements.get(i).value());
      assertEquals(ArchiveResults.PROBABILITY, measurements.get(i).unit());
    }
    assertEquals("Probability of any_injury", measurements.get(13).concept().meaning());
    assertEquals(0.75, measurements.get(13).value());
  }
}
