package org.traumaflow.synth;

/**
 * When after the contrast injection a series was acquired. The competition's two series per
 * patient are typically a portal venous and an arterial acquisition; they differ in how bright
 * the aorta, the veins and each organ are, which is what aortic_hu in the series metadata records.
 */
public enum ContrastPhase {
  /** About 70 s after injection: organs and veins enhanced, aorta moderately bright. */
  PORTAL_VENOUS("PORTAL VENOUS"),
  /** About 30 s after injection: aorta very bright, liver barely enhanced, kidney cortex bright. */
  ARTERIAL("ARTERIAL");

  private final String description;

  ContrastPhase(String description) {
    this.description = description;
  }

  /** How the series is described in its SeriesDescription. */
  public String description() {
    return description;
  }
}
