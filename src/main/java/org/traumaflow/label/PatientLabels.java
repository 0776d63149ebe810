package org.traumaflow.label;

import java.util.List;

/**
 * One patient's study-level labels: a row of train.csv.
 *
 * @param bowelInjury bowel_injury (else bowel_healthy)
 * @param extravasation extravasation_injury (active bleeding somewhere in the abdomen)
 * @param kidney kidney grade (either kidney)
 * @param liver liver grade
 * @param spleen spleen grade
 */
public record PatientLabels(boolean bowelInjury, boolean extravasation, Grade kidney, Grade liver, Grade spleen) {

  public static final PatientLabels HEALTHY = new PatientLabels(false, false, Grade.HEALTHY, Grade.HEALTHY, Grade.HEALTHY);

  /** any_injury: whether any group is not healthy (the competition's definition). */
  public boolean anyInjury() {
    return bowelInjury || extravasation || kidney.injured() || liver.injured() || spleen.injured();
  }

  /**
   * The 14 label columns of train.csv after patient_id, in the file's order:
   * bowel_healthy, bowel_injury, extravasation_healthy, extravasation_injury, kidney_healthy,
   * kidney_low, kidney_high, liver_..., spleen_..., any_injury.
   */
  public List<Integer> columns() {
    return List.of(
        bowelInjury ? 0 : 1,
        bowelInjury ? 1 : 0,
        extravasation ? 0 : 1,
        extravasation ? 1 : 0,
        is(kidney, Grade.HEALTHY),
        is(kidney, Grade.LOW),
        is(kidney, Grade.HIGH),
        is(liver, Grade.HEALTHY),
        is(liver, Grade.LOW),
        is(liver, Grade.HIGH),
        is(spleen, Grade.HEALTHY),
        is(spleen, Grade.LOW),
        is(spleen, Grade.HIGH),
        anyInjury() ? 1 : 0);
  }

  private static int is(Grade grade, Grade expected) {
    return grade == expected ? 1 : 0;
  }
}
