package org.traumaflow.label;

/**
 * The per-slice training targets of stage 2 (METHOD.md, "Stage 2"), in the order they are
 * stored in a stage-2 sequence sample. The organ models predict the first ten, the
 * bowel/extravasation models {@link #BOWEL} and {@link #EXTRAVASATION}.
 *
 * <p>Organ targets are the organ's visibility on the slice times the patient's label (injury =
 * low or high); extravasation is the slice's image-level label, without a visibility factor.
 */
public enum SliceTarget {
  LIVER_INJURY,
  SPLEEN_INJURY,
  KIDNEY_INJURY,
  LIVER_LOW,
  LIVER_HIGH,
  SPLEEN_LOW,
  SPLEEN_HIGH,
  KIDNEY_LOW,
  KIDNEY_HIGH,
  BOWEL,
  EXTRAVASATION;

  public static final int COUNT = values().length;

  /** The column's name in manifests and prediction files, e.g. {@code liver_low}. */
  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The target whose {@link #column()} is {@code column}; IllegalArgumentException naming it otherwise. */
  public static SliceTarget ofColumn(String column) {
    for (SliceTarget target : values()) {
      if (target.column().equals(column)) {
        return target;
      }
    }
    throw new IllegalArgumentException("not a slice target column: '" + column + "'");
  }
}
