package org.traumaflow.synth;

/**
 * The patient's trunk: where the body, its wall layers and the abdominal cavity are at each
 * height. Cross-sections are concentric ellipses (skin, subcutaneous fat, muscle wall, cavity),
 * flattened at the back where the patient lies on the table; their size changes with height
 * (narrower lower chest, wider hips). Heights are relative to {@code zDome}, the top of the
 * right hemidiaphragm (the liver dome), which anchors all anatomy.
 *
 * @param cx body centre x (LPS mm)
 * @param cy body centre y
 * @param zDome z of the right diaphragm dome
 * @param scale skeletal size (1 = average adult)
 * @param fat subcutaneous fat thickness, mm
 * @param muscle abdominal wall muscle thickness, mm
 */
record BodyFrame(double cx, double cy, double zDome, double scale, double fat, double muscle) {
  // Anatomical height (z - zDome, mm) and cavity half-width / half-depth factors there.
  private static final double[] LEVELS = {80, 0, -150, -300, -480};
  private static final double[] WIDTH = {0.95, 0.98, 1.0, 1.03, 1.06};
  private static final double[] DEPTH = {1.02, 1.0, 0.97, 0.93, 0.86};
  static final double CAVITY_HALF_WIDTH = 122;
  static final double CAVITY_HALF_DEPTH = 88;

  /** Anatomical height of z: 0 at the liver dome, negative toward the feet. */
  double level(double z) {
    return z - zDome;
  }

  /** The absolute z at anatomical height {@code level}. */
  double z(double level) {
    return zDome + level;
  }

  double cavityHalfWidth(double z) {
    return CAVITY_HALF_WIDTH * scale * profile(WIDTH, level(z));
  }

  double cavityHalfDepth(double z) {
    return CAVITY_HALF_DEPTH * scale * profile(DEPTH, level(z));
  }

  /** Outer skin half-width: cavity + muscle + fat. */
  double bodyHalfWidth(double z) {
    return cavityHalfWidth(z) + muscle + fat;
  }

  double bodyHalfDepth(double z) {
    return cavityHalfDepth(z) + muscle + 0.85 * fat;
  }

  /** y of the flattened back, where the body rests on the table pad. */
  double backY(double z) {
    return cy + cavityHalfDepth(z) + muscle + 0.45 * fat;
  }

  /** Whether (x, y) is inside the abdominal (or thoracic) cavity at z. */
  boolean inCavity(double x, double y, double z) {
    double u = (x - cx) / cavityHalfWidth(z);
    double v = (y - cy) / cavityHalfDepth(z);
    return u * u + v * v < 1;
  }

  private static double profile(double[] factors, double level) {
    if (level >= LEVELS[0]) {
      return factors[0];
    }
    for (int i = 1; i < LEVELS.length; i++) {
      if (level >= LEVELS[i]) {
        double t = (LEVELS[i - 1] - level) / (LEVELS[i - 1] - LEVELS[i]);
        return factors[i - 1] + t * (factors[i] - factors[i - 1]);
      }
    }
    return factors[factors.length - 1];
  }
}
