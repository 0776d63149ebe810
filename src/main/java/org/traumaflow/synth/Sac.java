package org.traumaflow.synth;

/**
 * A hollow organ shaped like a deformed ellipsoid: the stomach (enhancing wall, gas over fluid
 * and food; labelled bowel, as the competition's bowel masks include it), the urinary bladder
 * and the gallbladder (thin wall, fluid; unlabelled).
 */
final class Sac implements Structure {
  enum Kind {
    STOMACH,
    BLADDER,
    GALLBLADDER
  }

  final Kind kind;
  final Blob shape;
  private final double wallLevel;
  private final double gasFraction;
  private final BodyFrame frame;
  private final Diaphragm diaphragm;
  private final ValueNoise food;

  /**
   * @param wallMm wall thickness
   * @param gasFraction how much of the lumen's depth is gas (the stomach's; 0 for fluid sacs)
   * @param diaphragm the diaphragm it lies under, or null
   */
  Sac(Kind kind, Blob shape, double wallMm, double gasFraction, BodyFrame frame, Diaphragm diaphragm, long seed) {
    this.kind = kind;
    this.shape = shape;
    double smallestSemiAxis = Math.min(shape.maxX - shape.minX, Math.min(shape.maxY - shape.minY, shape.maxZ - shape.minZ)) / 2;
    this.wallLevel = 1 - wallMm / Math.max(smallestSemiAxis, wallMm * 3);
    this.gasFraction = gasFraction;
    this.frame = frame;
    this.diaphragm = diaphragm;
    this.food = new ValueNoise(seed, 9);
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (!shape.spansZ(z)) {
      return;
    }
    double gasBelowY = shape.minY + gasFraction * (shape.maxY - shape.minY);
    for (int r = c.rowFrom(shape.minY); r <= c.rowTo(shape.maxY); r++) {
      double y = c.y(r);
      for (int col = c.colFrom(shape.minX); col <= c.colTo(shape.maxX); col++) {
        double x = c.x(col);
        double level = shape.level(x, y, z);
        if (level >= 1 || !frame.inCavity(x, y, z) || (diaphragm != null && !diaphragm.below(x, y, z))) {
          continue;
        }
        int index = r * c.cols + col;
        boolean wall = level >= wallLevel;
        switch (kind) {
          case STOMACH -> {
            float v;
            if (wall) {
              v = (float) t.bowelWall();
            } else if (y < gasBelowY) {
              v = -985f;
            } else {
              v = (float) (22 + 18 * food.at(x, y, z));
            }
            c.set(index, v, OrganLabel.BOWEL.code());
          }
          case BLADDER -> c.set(index, wall ? (float) t.muscle() : Tissue.URINE, (byte) 0);
          case GALLBLADDER -> c.set(index, wall ? (float) (t.liver() * 0.8) : Tissue.BILE, (byte) 0);
        }
      }
    }
  }
}
