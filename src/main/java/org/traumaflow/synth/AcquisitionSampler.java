package org.traumaflow.synth;

/**
 * Draws a series' acquisition with the variety of real exports: field of view giving 0.6-0.9 mm
 * pixels at 512 x 512 (coarser at smaller sizes, same field of view), slice spacing 0.5-5 mm, 80
 * to 1,000 slices from above the liver dome to the pelvis, head-first or feet-first (so instance
 * order and z order can run opposite ways), now and then instance numbers out of z order, and the
 * pixel encodings of different scanners.
 */
final class AcquisitionSampler {
  /** Real reconstruction intervals, mm, and how common each is. */
  private static final double[] SPACINGS = {0.5, 0.625, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 5.0};
  private static final double[] SPACING_WEIGHTS = {2, 4, 2, 6, 4, 3, 5, 6, 5, 3};
  static final int MIN_REAL_SLICES = 80;
  static final int MAX_REAL_SLICES = 1000;

  private AcquisitionSampler() {}

  /**
   * @param size rows and columns
   * @param maxSlices the cap; a longer scan keeps its coverage with proportionally thicker slices
   * @param incomplete cut a solid organ off at the scan's top (liver, spleen) or bottom (kidney)
   */
  static Acquisition sample(Rng rng, AbdomenModel model, int size, int maxSlices, boolean incomplete) {
    BodyFrame frame = model.frame();
    // Field of view: what 512 pixels of 0.6-0.9 mm cover, widened for large patients.
    double widest = 2 * frame.bodyHalfWidth(frame.z(-480)) + 10;
    double perPixel512 = Math.max(rng.uniform(0.6, 0.9), Math.min(0.9, widest / 512));
    double fov = Math.round(perPixel512 * 512);
    double spacingXy = fov / size;
    double centreX = frame.cx() + rng.normal(0, 6, -15, 15);
    double centreY = frame.cy() + rng.normal(5, 6, -10, 20);
    double x0 = round4(centreX - spacingXy * (size - 1) / 2);
    double y0 = round4(centreY - spacingXy * (size - 1) / 2);

    double organTop = model.solidOrganTop();
    double organBottom = model.solidOrganBottom();
    double top = organTop + rng.uniform(8, 60);
    double bottom = Math.min(frame.z(rng.uniform(-490, -400)), organBottom - 20);
    boolean cutAtBottom = false;
    if (incomplete) {
      if (rng.chance(0.7)) {
        top = frame.z(rng.uniform(-45, -20)); // through the liver and the spleen
      } else {
        cutAtBottom = true;
        bottom = lowerKidneyCentre(model) - rng.uniform(0, 12); // through a kidney's lower half
      }
    }

    double spacing = SPACINGS[rng.weighted(SPACING_WEIGHTS)];
    double thickness = rng.chance(0.75) ? spacing : Math.round(spacing * rng.uniform(1.2, 2.0) * 8) / 8.0;
    int slices = (int) Math.round((top - bottom) / spacing) + 1;
    slices = Math.max(MIN_REAL_SLICES, Math.min(MAX_REAL_SLICES, slices));
    if (cutAtBottom) {
      top = bottom + (slices - 1) * spacing;
    } else {
      bottom = top - (slices - 1) * spacing;
    }
    if (slices > maxSlices) {
      slices = maxSlices;
      spacing = (top - bottom) / (slices - 1);
      thickness = Math.max(thickness, spacing);
    }
    double base = round4(bottom);
    double[] z = new double[slices];
    for (int k = 0; k < slices; k++) {
      z[k] = round4(base + k * spacing);
    }

    String position = rng.chance(0.75) ? "HFS" : "FFS";
    int start = rng.chance(0.85) ? 1 : rng.between(2, 400);
    int[] instances = new int[slices];
    for (int k = 0; k < slices; k++) {
      // Head first, the scan runs from the head down: instance 1 is the top slice.
      instances[k] = position.equals("HFS") ? start + (slices - 1 - k) : start + k;
    }
    if (rng.chance(0.1) && slices > 2) {
      int swaps = Math.max(1, slices / 50);
      for (int i = 0; i < swaps; i++) {
        int k = rng.nextInt(slices - 1);
        int t = instances[k];
        instances[k] = instances[k + 1];
        instances[k + 1] = t;
      }
    }

    double noise = Math.max(6, Math.min(30, rng.uniform(9, 15) * Math.sqrt(2.5 / thickness)));
    return new Acquisition(size, size, spacingXy, x0, y0, z, thickness, position, instances, PixelEncoding.sample(rng), noise, incomplete);
  }

  private static double lowerKidneyCentre(AbdomenModel model) {
    OrganShape left = model.anatomy().leftKidney();
    OrganShape right = model.anatomy().rightKidney();
    return Math.min((left.minZ + left.maxZ) / 2, (right.minZ + right.maxZ) / 2);
  }

  private static double round4(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
