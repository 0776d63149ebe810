package org.traumaflow.synth;

/** A bone of the pelvis (iliac wing, sacrum, femoral head): cortical shell, cancellous core. */
final class BoneBlob implements Structure {
  private final Blob shape;
  private final double cortexMm;

  BoneBlob(Blob shape, double cortexMm) {
    this.shape = shape;
    this.cortexMm = cortexMm;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (!shape.spansZ(z)) {
      return;
    }
    double thinnest = Math.min(shape.maxX - shape.minX, Math.min(shape.maxY - shape.minY, shape.maxZ - shape.minZ)) / 2;
    double cortexLevel = 1 - cortexMm / Math.max(thinnest, 2 * cortexMm);
    for (int r = c.rowFrom(shape.minY); r <= c.rowTo(shape.maxY); r++) {
      double y = c.y(r);
      for (int col = c.colFrom(shape.minX); col <= c.colTo(shape.maxX); col++) {
        double level = shape.level(c.x(col), y, z);
        if (level < 1) {
          c.set(r * c.cols + col, level > cortexLevel ? Tissue.CORTICAL_BONE : Tissue.CANCELLOUS_BONE, (byte) 0);
        }
      }
    }
  }
}
