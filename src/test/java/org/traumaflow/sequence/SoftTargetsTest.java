package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.Grade;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.OrganGroup;

/** Per-slice soft labels: visibility x the patient's label; extravasation from the slice's own label. */
class SoftTargetsTest {
  // slice 0: liver 0.5, spleen 0.25, kidney 0.75, bowel 1; slice 1: nothing visible
  private static final Map<OrganGroup, float[]> VISIBILITY = Map.of(
      OrganGroup.LIVER, new float[] {0.5f, 0},
      OrganGroup.SPLEEN, new float[] {0.25f, 0},
      OrganGroup.KIDNEY, new float[] {0.75f, 0},
      OrganGroup.BOWEL, new float[] {1f, 0});

  @Test
  void organTargetsAreVisibilityTimesThePatientsGrade() {
    PatientLabels patient = new PatientLabels(true, false, Grade.HEALTHY, Grade.LOW, Grade.HIGH);
    float[] out = new float[SliceTarget.COUNT];
    SoftTargets.write(new SeriesLabels(patient, Set.of()), VISIBILITY, 0, 11, out, 0);

    // liver low: injury and low at its visibility 0.5; spleen high: injury and high at 0.25;
    // kidney healthy: 0; bowel injured: its visibility 1; no extravasation label: 0
    assertArrayEquals(new float[] {0.5f, 0.25f, 0, 0.5f, 0, 0, 0.25f, 0, 0, 1f, 0}, out);
  }

  @Test
  void extravasationIsTheSlicesImageLabelWithoutVisibility() {
    SeriesLabels labels = new SeriesLabels(PatientLabels.HEALTHY, Set.of(12));
    float[] out = new float[2 * SliceTarget.COUNT];
    SoftTargets.write(labels, VISIBILITY, 1, 12, out, SliceTarget.COUNT);
    SoftTargets.write(labels, VISIBILITY, 0, 11, out, 0);

    assertEquals(1f, out[SliceTarget.COUNT + SliceTarget.EXTRAVASATION.ordinal()], "slice 1 is instance 12, nothing visible");
    assertEquals(0f, out[SliceTarget.EXTRAVASATION.ordinal()], "instance 11 has no label");
  }

  @Test
  void aSeriesTakesOnlyItsOwnExtravasationRows() {
    List<ImageLabel> rows = List.of(
        new ImageLabel(7, 100, 5, ImageLabel.EXTRAVASATION),
        new ImageLabel(7, 100, 6, ImageLabel.BOWEL),
        new ImageLabel(7, 200, 7, ImageLabel.EXTRAVASATION),
        new ImageLabel(7, 100, 9, ImageLabel.EXTRAVASATION));

    assertEquals(Set.of(5, 9), SeriesLabels.of(PatientLabels.HEALTHY, 100, rows).extravasationInstances());
  }
}
