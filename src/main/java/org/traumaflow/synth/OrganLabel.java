package org.traumaflow.synth;

/**
 * The label values of the competition's segmentation masks (segmentations/&lt;series_id&gt;.nii)
 * and of stage 1's output channels, in the same order: 1 liver, 2 spleen, 3 left kidney,
 * 4 right kidney, 5 bowel (stomach, small bowel and colon, wall and content).
 */
public enum OrganLabel {
  LIVER(1),
  SPLEEN(2),
  LEFT_KIDNEY(3),
  RIGHT_KIDNEY(4),
  BOWEL(5);

  private final int value;

  OrganLabel(int value) {
    this.value = value;
  }

  /** The voxel value in a mask. */
  public int value() {
    return value;
  }

  byte code() {
    return (byte) value;
  }

  /** The organ with mask value {@code value}. */
  public static OrganLabel of(int value) {
    for (OrganLabel l : values()) {
      if (l.value == value) {
        return l;
      }
    }
    throw new IllegalArgumentException("no organ has label " + value);
  }
}
