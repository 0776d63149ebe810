package org.traumaflow.synth;

/**
 * The trunk in cross-section: skin, subcutaneous fat, the muscular wall, intra-abdominal fat in
 * the cavity, the back muscles beside the spine, the psoas muscles in the lower abdomen, and
 * under the patient the foam pad and the curved table, as every CT shows them. Painted first.
 */
final class BodyWall implements Structure {
  private static final double SKIN_MM = 2.5;

  private final BodyFrame frame;
  private final Spine spine;
  private final double padMm;

  BodyWall(BodyFrame frame, Spine spine, double padMm) {
    this.frame = frame;
    this.spine = spine;
    this.padMm = padMm;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    double cx = frame.cx();
    double cy = frame.cy();
    double wc = frame.cavityHalfWidth(z);
    double hc = frame.cavityHalfDepth(z);
    // The muscular wall is thick at the back and sides, thin in front: its outer ellipse is
    // shallower than the cavity's plus the thickness and shifted toward the back.
    double wm = wc + frame.muscle();
    double hm = hc + 0.7 * frame.muscle();
    double wallShift = 0.3 * frame.muscle();
    double wo = frame.bodyHalfWidth(z);
    double ho = frame.bodyHalfDepth(z);
    double back = frame.backY(z);
    float muscle = (float) t.muscle();
    for (int r = c.rowFrom(cy - ho); r <= c.rowTo(back); r++) {
      double y = c.y(r);
      double v = y - cy;
      double outer = halfWidth(wo, ho, v);
      if (outer < 0) {
        continue;
      }
      double skin = halfWidth(wo - SKIN_MM, ho - SKIN_MM, v);
      double wall = halfWidth(wm, hm, v - wallShift);
      double cavity = halfWidth(wc, hc, v);
      boolean backSkin = y > back - SKIN_MM;
      int rowBase = r * c.cols;
      for (int col = c.colFrom(cx - outer); col <= c.colTo(cx + outer); col++) {
        double ax = Math.abs(c.x(col) - cx);
        float value;
        if (ax > skin || backSkin) {
          value = Tissue.SKIN;
        } else if (ax > wall) {
          value = Tissue.SUBCUTANEOUS_FAT;
        } else if (ax > cavity) {
          value = muscle;
        } else {
          value = Tissue.VISCERAL_FAT;
        }
        c.set(rowBase + col, value, (byte) 0);
      }
    }
    paintBackMuscles(c, muscle);
    paintTable(c, back, wo);
  }

  private void paintBackMuscles(SliceCanvas c, float muscle) {
    double s = frame.scale();
    double yc = spine.canalY() + 10 * s;
    paintEllipse(c, frame.cx() - 31 * s, yc, 23 * s, 19 * s, muscle);
    paintEllipse(c, frame.cx() + 31 * s, yc, 23 * s, 19 * s, muscle);
    double psoas = psoasRadius(frame.level(c.z));
    if (psoas > 0) {
      double y = spine.bodyY() + 4 * s;
      double offset = spine.bodyHalfWidth() + 0.8 * psoas;
      paintEllipse(c, frame.cx() - offset, y, psoas, 0.9 * psoas, muscle);
      paintEllipse(c, frame.cx() + offset, y, psoas, 0.9 * psoas, muscle);
    }
  }

  /** The psoas muscles start at the upper lumbar spine and thicken toward the pelvis. */
  private double psoasRadius(double level) {
    double s = frame.scale();
    if (level > -110 || level < -400) {
      return 0;
    }
    if (level > -200) {
      return 4 + (12 * s) * (-110 - level) / 90;
    }
    if (level > -320) {
      return 4 + 12 * s + 7 * s * (-200 - level) / 120;
    }
    return (4 + 19 * s) * (level + 400) / 80;
  }

  private void paintTable(SliceCanvas c, double back, double bodyHalfWidth) {
    double cx = frame.cx();
    double padHalfWidth = 0.8 * bodyHalfWidth;
    int c0 = c.colFrom(cx - 210);
    int c1 = c.colTo(cx + 210);
    for (int r = c.rowFrom(back); r < c.rows; r++) {
      double y = c.y(r);
      int rowBase = r * c.cols;
      for (int col = c0; col <= c1; col++) {
        double dx = c.x(col) - cx;
        double tableTop = back + padMm - 0.0012 * dx * dx;
        int index = rowBase + col;
        if (c.label[index] != 0 || c.hu[index] > Tissue.AIR) {
          continue;
        }
        if (((y >= tableTop && y < tableTop + 4) || (y >= tableTop + 22 && y < tableTop + 25))) {
          c.set(index, Tissue.TABLE, (byte) 0);
        } else if (Math.abs(dx) < padHalfWidth && y > back && y < tableTop) {
          c.set(index, Tissue.TABLE_FOAM, (byte) 0);
        }
      }
    }
  }

  static void paintEllipse(SliceCanvas c, double ex, double ey, double ax, double ay, float value) {
    for (int r = c.rowFrom(ey - ay); r <= c.rowTo(ey + ay); r++) {
      double v = (c.y(r) - ey) / ay;
      double half = 1 - v * v;
      if (half <= 0) {
        continue;
      }
      double hw = ax * Math.sqrt(half);
      for (int col = c.colFrom(ex - hw); col <= c.colTo(ex + hw); col++) {
        c.set(r * c.cols + col, value, (byte) 0);
      }
    }
  }

  /** Half the width of an ellipse (semi-axes a, b) at height v from its centre; -1 if it misses. */
  static double halfWidth(double a, double b, double v) {
    if (a <= 0 || b <= 0) {
      return -1;
    }
    double q = v / b;
    double h = 1 - q * q;
    return h <= 0 ? -1 : a * Math.sqrt(h);
  }
}
