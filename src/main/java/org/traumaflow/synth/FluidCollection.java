package org.traumaflow.synth;

/**
 * Fluid, blood or gas that spreads into the spaces between organs and loops: it replaces only
 * unlabelled soft tissue and fat inside the cavity (never an organ, a loop, bone, an enhanced
 * vessel or lung), so it takes the shape of the space it fills, as free fluid does.
 *
 * <p>Small collections are drawn with the slice's footprint: a voxel shows the collection when
 * any part of the voxel (its slab and pixel area) touches it, the way partial volume makes small
 * findings visible on the slices they cross.
 */
final class FluidCollection implements Structure {
  /** Tissue brighter than this is not displaced (enhanced vessels, bone). */
  private static final float DISPLACES_BELOW = 62f;

  private final Blob region;
  private final Finding finding;
  private final BodyFrame frame;

  /** @param finding FREE_FLUID, FREE_AIR or HEMATOMA */
  FluidCollection(Blob region, Finding finding, BodyFrame frame) {
    if (finding != Finding.FREE_FLUID && finding != Finding.FREE_AIR && finding != Finding.HEMATOMA) {
      throw new IllegalArgumentException("not a fluid collection: " + finding);
    }
    this.region = region;
    this.finding = finding;
    this.frame = frame;
  }

  Blob region() {
    return region;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    double h = c.halfThickness;
    if (z < region.minZ - h || z > region.maxZ + h) {
      return;
    }
    float value = switch (finding) {
      case FREE_AIR -> -950f;
      case HEMATOMA -> (float) t.hematoma();
      default -> Tissue.FREE_FLUID;
    };
    double zNear = z + clamp(region.cz - z, h);
    for (int r = c.rowFrom(region.minY - c.dy / 2); r <= c.rowTo(region.maxY + c.dy / 2); r++) {
      double y = c.y(r);
      double yNear = y + clamp(region.cy - y, c.dy / 2);
      for (int col = c.colFrom(region.minX - c.dx / 2); col <= c.colTo(region.maxX + c.dx / 2); col++) {
        int index = r * c.cols + col;
        if (c.label[index] != 0 || c.hu[index] >= DISPLACES_BELOW || c.hu[index] < -800f) {
          continue;
        }
        double x = c.x(col);
        double xNear = x + clamp(region.cx - x, c.dx / 2);
        if (region.contains(xNear, yNear, zNear) && frame.inCavity(x, y, z)) {
          c.set(index, value, (byte) 0);
          c.setFinding(index, value, finding);
        }
      }
    }
  }

  static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
