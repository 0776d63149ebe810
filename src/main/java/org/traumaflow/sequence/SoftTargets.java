package org.traumaflow.sequence;

import java.util.Map;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.OrganGroup;

/**
 * The per-slice soft labels of stage 2 (METHOD.md, "Stage 2"): an organ target is the organ's
 * visibility on the slice times the patient's label for it, so a slice where the injured organ
 * is barely visible asks for a weak prediction; extravasation is the slice's own image-level
 * label, with no visibility factor, since the bleeding is marked where it is seen.
 */
public final class SoftTargets {
  private SoftTargets() {}

  /**
   * Writes the {@link SliceTarget#COUNT} targets of full-resolution slice {@code slice} at
   * {@code out[offset]}, in {@link SliceTarget} order.
   *
   * @param visibility per organ group, one value per full-resolution slice (from stage 1)
   * @param instanceNumber the slice's InstanceNumber, which image-level labels name it by
   */
  public static void write(SeriesLabels labels, Map<OrganGroup, float[]> visibility, int slice, int instanceNumber, float[] out, int offset) {
    PatientLabels patient = labels.patient();
    float liver = visibility.get(OrganGroup.LIVER)[slice];
    float spleen = visibility.get(OrganGroup.SPLEEN)[slice];
    float kidney = visibility.get(OrganGroup.KIDNEY)[slice];
    float bowel = visibility.get(OrganGroup.BOWEL)[slice];
    set(out, offset, SliceTarget.LIVER_INJURY, liver, patient.liver().injured());
    set(out, offset, SliceTarget.SPLEEN_INJURY, spleen, patient.spleen().injured());
    set(out, offset, SliceTarget.KIDNEY_INJURY, kidney, patient.kidney().injured());
    set(out, offset, SliceTarget.LIVER_LOW, liver, patient.liver() == Grade.LOW);
    set(out, offset, SliceTarget.LIVER_HIGH, liver, patient.liver() == Grade.HIGH);
    set(out, offset, SliceTarget.SPLEEN_LOW, spleen, patient.spleen() == Grade.LOW);
    set(out, offset, SliceTarget.SPLEEN_HIGH, spleen, patient.spleen() == Grade.HIGH);
    set(out, offset, SliceTarget.KIDNEY_LOW, kidney, patient.kidney() == Grade.LOW);
    set(out, offset, SliceTarget.KIDNEY_HIGH, kidney, patient.kidney() == Grade.HIGH);
    set(out, offset, SliceTarget.BOWEL, bowel, patient.bowelInjury());
    set(out, offset, SliceTarget.EXTRAVASATION, 1, labels.extravasationInstances().contains(instanceNumber));
  }

  private static void set(float[] out, int offset, SliceTarget target, float visibility, boolean label) {
    out[offset + target.ordinal()] = label ? visibility : 0;
  }
}
