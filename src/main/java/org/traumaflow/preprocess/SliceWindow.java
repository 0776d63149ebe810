package org.traumaflow.preprocess;

/**
 * A display window on HU: values from {@code level - width/2} to {@code level + width/2} map
 * linearly onto [0, 1], clipped outside. The method's "ours" variant and the stage-1 input use
 * the soft-tissue window, level 50 / width 400 (HU -150..250).
 *
 * @param level window centre, HU
 * @param width window width, HU (positive)
 */
public record SliceWindow(double level, double width) {
  public static final SliceWindow SOFT_TISSUE = new SliceWindow(50, 400);

  public SliceWindow {
    if (!(width > 0) || !Double.isFinite(level)) {
      throw new IllegalArgumentException("window needs a finite level and a positive width, got " + level + "/" + width);
    }
  }

  public double low() {
    return level - width / 2;
  }

  /** The windowed value in [0, 1]. */
  public float unit(int hu) {
    double v = (hu - low()) / width;
    return (float) (v < 0 ? 0 : v > 1 ? 1 : v);
  }

  /**
   * The windowed value as uint8 (0..255), truncated as numpy's {@code (x * 255).astype(uint8)}
   * truncates in the method's code.
   */
  public int uint8(int hu) {
    double v = (hu - low()) / width;
    return v <= 0 ? 0 : v >= 1 ? 255 : (int) (v * 255);
  }
}
