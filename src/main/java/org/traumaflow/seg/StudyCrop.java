package org.traumaflow.seg;

/**
 * How a study's crop box is made from its organ masks (the preprocessing spec's {@code crop}):
 * the union box of the masks after {@link OrganComponents#withoutSmallComponents dropping each
 * organ's pieces} smaller than {@code minComponentFraction} of its largest, widened by
 * {@code marginMm} on every side and clamped at the image edge.
 *
 * @param minComponentFraction pieces of an organ below this fraction of its largest component
 *     do not count (0: every voxel counts)
 * @param marginMm the margin around the organs, millimetres
 */
public record StudyCrop(double minComponentFraction, double marginMm) implements java.io.Serializable {

  /** The method's bare union box: every voxel counts, no margin. */
  public static final StudyCrop UNION = new StudyCrop(0, 0);

  public StudyCrop {
    if (!(minComponentFraction >= 0 && minComponentFraction <= 1)) {
      throw new IllegalArgumentException("the minimum component fraction must be in [0, 1], got " + minComponentFraction);
    }
    if (!(marginMm >= 0 && marginMm <= 500)) {
      throw new IllegalArgumentException("the crop margin must be 0..500 mm, got " + marginMm);
    }
  }

  /**
   * The crop box of {@code masks}, which cover an image of {@code heightMm x widthMm} (its rows
   * times the row spacing, its columns times the column spacing); {@link CropBox#WHOLE} when no
   * organ voxel is left.
   */
  public CropBox box(OrganMasks masks, double heightMm, double widthMm) {
    if (!(heightMm > 0 && widthMm > 0)) {
      throw new IllegalArgumentException("the image extent must be positive, got " + heightMm + " x " + widthMm + " mm");
    }
    CropBox union = CropBox.of(OrganComponents.withoutSmallComponents(masks, minComponentFraction));
    return union.isWhole() ? union : union.widened(marginMm / heightMm, marginMm / widthMm);
  }
}
