package org.traumaflow.synth;

/**
 * The two domes of the diaphragm: above it lie the lung bases and the heart, below it the liver,
 * spleen and stomach. The right dome (over the liver) is higher than the left; both fall away
 * toward the body wall, deepest at the back, where the lungs' recesses reach down as crescents
 * behind the liver and spleen, as they do on the upper slices of a real abdominal CT.
 *
 * @param rightX x of the right dome's apex
 * @param rightY y of the right dome's apex
 * @param rightZ z of the right dome's apex (the liver dome)
 * @param leftX x of the left dome's apex
 * @param leftY y of the left dome's apex
 * @param leftZ z of the left dome's apex
 * @param curvature how fast each dome falls away from its apex, mm per mm squared
 * @param cx centre x of the cavity
 * @param cy centre y of the cavity
 * @param halfWidth the cavity's half-width at the domes
 * @param halfDepth the cavity's half-depth at the domes
 * @param recessMm how far below the domes the recesses reach at the back wall
 */
record Diaphragm(
    double rightX, double rightY, double rightZ, double leftX, double leftY, double leftZ, double curvature,
    double cx, double cy, double halfWidth, double halfDepth, double recessMm) {

  /** The z of the diaphragm above (x, y). */
  double heightAt(double x, double y) {
    double dr = (x - rightX) * (x - rightX) + (y - rightY) * (y - rightY);
    double dl = (x - leftX) * (x - leftX) + (y - leftY) * (y - leftY);
    double h = Math.max(rightZ - curvature * dr, leftZ - curvature * dl);
    // The recesses: the dome drops along the wall, most at the back.
    double u = (x - cx) / halfWidth;
    double v = (y - cy) / halfDepth;
    double rim = Math.sqrt(u * u + v * v) - 0.55;
    if (rim > 0) {
      double back = v > 0 ? v : 0;
      h -= recessMm * (rim * rim / 0.2025) * (0.3 + 0.7 * back);
    }
    return h;
  }

  /** The highest point of either dome. */
  double top() {
    return Math.max(rightZ, leftZ);
  }

  boolean below(double x, double y, double z) {
    return z <= heightAt(x, y);
  }
}
