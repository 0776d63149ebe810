package org.traumaflow.synth;

/**
 * Blood collected around an injured organ (subcapsular, perihepatic, perisplenic, perirenal): a
 * shell just outside the organ's surface, limited to the sector {@code extent}. Painted before
 * the organs, so it fills the fat around them and never covers them.
 */
final class CapsularHematoma implements Structure {
  private final OrganShape organ;
  private final Blob extent;
  private final double shellLevel;
  private final BodyFrame frame;

  /**
   * @param shellLevel how far out the shell reaches, as a normalised radius (1.1 = a tenth of the
   *     organ's size beyond its surface)
   */
  CapsularHematoma(OrganShape organ, Blob extent, double shellLevel, BodyFrame frame) {
    this.organ = organ;
    this.extent = extent;
    this.shellLevel = shellLevel;
    this.frame = frame;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (!extent.spansZ(z)) {
      return;
    }
    for (int r = c.rowFrom(extent.minY); r <= c.rowTo(extent.maxY); r++) {
      double y = c.y(r);
      for (int col = c.colFrom(extent.minX); col <= c.colTo(extent.maxX); col++) {
        double x = c.x(col);
        if (!extent.contains(x, y, z)) {
          continue;
        }
        double level = organ.rawLevel(x, y, z);
        if (level >= 1 && level < shellLevel && frame.inCavity(x, y, z) && organ.underDiaphragm(x, y, z)) {
          int index = r * c.cols + col;
          c.set(index, (float) t.hematoma(), (byte) 0);
          c.setFinding(index, (float) t.hematoma(), Finding.HEMATOMA);
        }
      }
    }
  }
}
