package org.traumaflow.synth;

/**
 * What lies above the diaphragm on an abdominal CT's first slices: the lung bases (dark, with
 * reaching lowest behind the liver and spleen, the bottom of the heart,
 * and the mediastinal fat between them.
 */
final class Lungs implements Structure {
  private final BodyFrame frame;
  private final Diaphragm diaphragm;
  private final Blob heart;

  Lungs(BodyFrame frame, Diaphragm diaphragm, Blob heart) {
    this.frame = frame;
    this.diaphragm = diaphragm;
    this.heart = heart;
  }

  Blob heart() {
    return heart;
  }

  /** The posterior mediastinum around the aorta and oesophagus, between the lungs. */
  private static boolean inMediastinum(double dx, double dy, double s, double hc) {
    double u = dx / (26 * s);
    double v = (dy - 0.3 * hc) / (0.55 * hc);
    return u * u + v * v < 1;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (z < diaphragm.top() - 140) {
      return;
    }
    double cx = frame.cx();
    double cy = frame.cy();
    double wc = frame.cavityHalfWidth(z);
    double hc = frame.cavityHalfDepth(z);
    double s = frame.scale();
    for (int r = c.rowFrom(cy - hc); r <= c.rowTo(cy + hc); r++) {
      double y = c.y(r);
      double hw = BodyWall.halfWidth(wc, hc, y - cy);
      if (hw < 0) {
        continue;
      }
      for (int col = c.colFrom(cx - hw); col <= c.colTo(cx + hw); col++) {
        double x = c.x(col);
        if (z <= diaphragm.heightAt(x, y)) {
          continue;
        }
        int index = r * c.cols + col;
        double heartLevel = heart.level(x, y, z);
        if (heartLevel < 1) {
          float v = heartLevel < 0.72 ? (float) t.heart() : (float) (t.muscle() + 45);
          c.set(index, v, (byte) 0);
        } else if (inMediastinum(x - cx, y - cy, s, hc)) {
          c.set(index, Tissue.VISCERAL_FAT, (byte) 0);
        } else {
          c.set(index, Tissue.LUNG, (byte) 0);
        }
      }
    }
  }
}
