package org.traumaflow.synth;

/**
 * The vertebral column down to the sacrum: vertebral bodies (cortical rim, cancellous core)
 * alternating with discs along z, the canal with the neural arch around it, and spinous and
 * transverse processes that appear only on part of each vertebra's height, so bone comes and
 * goes from slice to slice as in a real scan.
 */
final class Spine implements Structure {
  private final BodyFrame frame;
  private final double pitch;
  private final double discMm;
  private final double phase0;
  private final double bottomZ;

  /**
   * @param pitch height of one vertebra plus disc, mm
   * @param phase0 where along z the vertebrae's cycle starts
   * @param bottomZ below this the sacrum takes over
   */
  Spine(BodyFrame frame, double pitch, double phase0, double bottomZ) {
    this.frame = frame;
    this.pitch = pitch;
    this.discMm = 0.24 * pitch;
    this.phase0 = phase0;
    this.bottomZ = bottomZ;
  }

  double bodyY() {
    return frame.cy() + 42 * frame.scale();
  }

  double bodyHalfWidth() {
    return 20 * frame.scale();
  }

  double bodyHalfDepth() {
    return 16 * frame.scale();
  }

  double canalY() {
    return bodyY() + bodyHalfDepth() + 10;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (z < bottomZ) {
      return;
    }
    double phase = ((z - phase0) / pitch) - Math.floor((z - phase0) / pitch);
    boolean disc = phase * pitch < discMm;
    double cx = frame.cx();
    double by = bodyY();
    double a = bodyHalfWidth();
    double b = bodyHalfDepth();
    double canalY = canalY();
    double canalR = 8.5;
    double archR = 14;
    double s = frame.scale();
    for (int r = c.rowFrom(by - b); r <= c.rowTo(canalY + 28 * s); r++) {
      double y = c.y(r);
      for (int col = c.colFrom(cx - 33 * s); col <= c.colTo(cx + 33 * s); col++) {
        double x = c.x(col);
        int index = r * c.cols + col;
        double u = (x - cx) / a;
        double v = (y - by) / b;
        double body = Math.sqrt(u * u + v * v);
        double canal = Math.sqrt((x - cx) * (x - cx) + (y - canalY) * (y - canalY));
        if (body < 1) {
          float value = disc ? Tissue.DISC : (body > 1 - 2.2 / a ? Tissue.CORTICAL_BONE : Tissue.CANCELLOUS_BONE);
          c.set(index, value, (byte) 0);
        } else if (canal < canalR) {
          c.set(index, Tissue.CSF, (byte) 0);
        } else if (canal < archR && !disc) {
          c.set(index, 600f, (byte) 0);
        } else if (!disc && phase > 0.3 && Math.abs(x - cx) < 3.5 && y > canalY && y < canalY + 28 * s) {
          c.set(index, 550f, (byte) 0);
        } else if (phase > 0.5 && phase < 0.7 && Math.abs(y - canalY + 2) < 3.5 && Math.abs(x - cx) < 32 * s) {
          c.set(index, 550f, (byte) 0);
        }
      }
    }
  }
}
