package org.traumaflow.seg;

/**
 * The segmentation model's output channels, in channel order. The channel index is the
 * competition mask label minus one ({@code segmentations/*.nii}: 1 liver, 2 spleen, 3 and 4 the
 * kidneys, 5 bowel).
 */
public enum Organ {
  LIVER,
  SPLEEN,
  LEFT_KIDNEY,
  RIGHT_KIDNEY,
  BOWEL;

  /** The number of channels the method's model predicts. */
  public static final int COUNT = values().length;

  /** The channel index of this organ in the model's output. */
  public int channel() {
    return ordinal();
  }

  /** The label of this organ in the competition's NIfTI masks. */
  public int maskLabel() {
    return ordinal() + 1;
  }

  /** The organ for a NIfTI mask label (1..5). */
  public static Organ ofMaskLabel(int label) {
    if (label < 1 || label > COUNT) {
      throw new IllegalArgumentException("organ mask labels are 1.." + COUNT + ", got " + label);
    }
    return values()[label - 1];
  }
}
