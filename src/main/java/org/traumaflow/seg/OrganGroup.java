package org.traumaflow.seg;

import java.util.List;

/**
 * The organs the later stages read visibility for: the two kidneys count as one organ, whose
 * visibility is the larger of the two kidneys' (METHOD.md, stage 1 inference).
 */
public enum OrganGroup {
  LIVER(List.of(Organ.LIVER)),
  SPLEEN(List.of(Organ.SPLEEN)),
  KIDNEY(List.of(Organ.LEFT_KIDNEY, Organ.RIGHT_KIDNEY)),
  BOWEL(List.of(Organ.BOWEL));

  private final List<Organ> members;

  OrganGroup(List<Organ> members) {
    this.members = members;
  }

  /** The segmentation channels this group takes the maximum visibility over. */
  public List<Organ> members() {
    return members;
  }
}
