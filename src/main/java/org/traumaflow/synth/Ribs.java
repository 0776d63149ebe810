package org.traumaflow.synth;

/**
 * The lower ribs in cross-section: each rib runs around the trunk inside the muscular wall,
 * sloping down from the spine to the front, so an axial slice cuts it as short oval segments;
 * the lowest (floating) ribs stop short of the front, and the front ends are cartilage.
 */
final class Ribs implements Structure {
  private static final int RIBS = 6;
  private static final double HALF_HEIGHT = 5.5;
  private static final double HALF_THICKNESS = 4.5;

  private final BodyFrame frame;
  private final double topLevel;
  private final double pitch;
  private final double slope;

  /**
   * @param topLevel anatomical height at the back of the highest rib drawn
   * @param pitch vertical distance between ribs at the back, mm
   * @param slope how much lower a rib's front end is than its back, mm
   */
  Ribs(BodyFrame frame, double topLevel, double pitch, double slope) {
    this.frame = frame;
    this.topLevel = topLevel;
    this.pitch = pitch;
    this.slope = slope;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    double level = frame.level(z);
    if (level > topLevel + HALF_HEIGHT || level < topLevel - (RIBS - 1) * pitch - slope - HALF_HEIGHT) {
      return;
    }
    double cx = frame.cx();
    double cy = frame.cy();
    double a = frame.cavityHalfWidth(z) + frame.muscle() / 2;
    double b = frame.cavityHalfDepth(z) + frame.muscle() / 2;
    for (int r = c.rowFrom(cy - b - HALF_THICKNESS); r <= c.rowTo(cy + b + HALF_THICKNESS); r++) {
      double y = c.y(r);
      double v = y - cy;
      double outer = BodyWall.halfWidth(a + HALF_THICKNESS, b + HALF_THICKNESS, v);
      if (outer < 0) {
        continue;
      }
      double inner = BodyWall.halfWidth(a - HALF_THICKNESS, b - HALF_THICKNESS, v);
      for (int col = c.colFrom(cx - outer); col <= c.colTo(cx + outer); col++) {
        double ax = Math.abs(c.x(col) - cx);
        if (ax <= inner) {
          continue;
        }
        // 0 at the spine, pi at the front midline.
        double angle = FastMath.atan2(ax, v);
        double around = angle / Math.PI;
        double k = (topLevel - slope * around - level) / pitch;
        long rib = Math.round(k);
        double offset = Math.abs(k - rib) * pitch;
        if (rib < 0 || rib >= RIBS || offset > HALF_HEIGHT || around > 0.95 - 0.11 * rib || around < 0.08) {
          continue;
        }
        float value = around > 0.78 ? Tissue.CARTILAGE : (offset > HALF_HEIGHT - 1.8 ? Tissue.CORTICAL_BONE * 0.8f : 320f);
        c.set(r * c.cols + col, value, (byte) 0);
      }
    }
  }
}
