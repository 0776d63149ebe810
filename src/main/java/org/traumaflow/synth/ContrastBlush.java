package org.traumaflow.synth;

/**
 * Active extravasation: contrast leaking from a bleeding vessel, a small irregular blush about
 * as bright as the aorta, inside an injured organ or in a hematoma. It is painted over whatever
 * lies there (the organ keeps its label), on each slice it crosses whatever the spacing.
 */
final class ContrastBlush implements Structure {
  private final Blob region;
  private final double portalVenousScale;

  /**
   * @param portalVenousScale how much larger the blush is in the portal venous phase: contrast
   *     keeps pooling after the arterial phase
   */
  ContrastBlush(Blob region, double portalVenousScale) {
    this.region = region;
    this.portalVenousScale = portalVenousScale;
  }

  Blob region() {
    return region;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double grow = t.phase() == ContrastPhase.PORTAL_VENOUS ? portalVenousScale : 1.0;
    double z = c.z;
    // The slab's point nearest the blush centre; the slice shows the blush when that point lies
    // in the blush's inner 70% along z, and then shows a cross-section of at least 87% of its
    // widest, as partial volume shows a small bright blush on every slice it crosses.
    double halfHeight = (region.maxZ - region.cz) * grow;
    double offset = z + FluidCollection.clamp(region.cz - z, c.halfThickness) - region.cz;
    if (Math.abs(offset) > 0.7 * halfHeight) {
      return;
    }
    double zEval = region.cz + FluidCollection.clamp(offset, 0.5 * halfHeight) / grow;
    // At least about three pixels across, so the blush survives the reconstruction blur.
    double growXy = Math.max(grow, 1.6 * Math.max(c.dx, c.dy) / region.minSemiAxis());
    double reachX = (region.maxX - region.cx) * growXy;
    double reachY = (region.maxY - region.cy) * growXy;
    float value = (float) t.blush();
    for (int r = c.rowFrom(region.cy - reachY); r <= c.rowTo(region.cy + reachY); r++) {
      double y = region.cy + (c.y(r) - region.cy) / growXy;
      for (int col = c.colFrom(region.cx - reachX); col <= c.colTo(region.cx + reachX); col++) {
        double x = region.cx + (c.x(col) - region.cx) / growXy;
        if (region.level(x, y, zEval) < 1) {
          c.setFinding(r * c.cols + col, value, Finding.EXTRAVASATION);
        }
      }
    }
  }
}
