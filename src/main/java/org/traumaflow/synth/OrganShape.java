package org.traumaflow.synth;

import java.util.List;

/**
 * The 3D shape of a solid organ: a union of deformed ellipsoids minus others (the spleen's
 * concave hilum, the gallbladder fossa), confined to the abdominal cavity and, for the organs
 * under it, below the diaphragm, so organs take the shape of the space they fill.
 */
final class OrganShape {
  private final List<Blob> parts;
  private final List<Blob> cutouts;
  private final BodyFrame frame;
  private final Diaphragm diaphragm;
  final double minX;
  final double maxX;
  final double minY;
  final double maxY;
  final double minZ;
  final double maxZ;

  /**
   * @param diaphragm the diaphragm the organ lies under, or null for retroperitoneal organs
   *     (kidneys) that it does not confine
   */
  OrganShape(List<Blob> parts, List<Blob> cutouts, BodyFrame frame, Diaphragm diaphragm) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an organ needs at least one part");
    }
    this.parts = List.copyOf(parts);
    this.cutouts = List.copyOf(cutouts);
    this.frame = frame;
    this.diaphragm = diaphragm;
    minX = parts.stream().mapToDouble(b -> b.minX).min().orElseThrow();
    maxX = parts.stream().mapToDouble(b -> b.maxX).max().orElseThrow();
    minY = parts.stream().mapToDouble(b -> b.minY).min().orElseThrow();
    maxY = parts.stream().mapToDouble(b -> b.maxY).max().orElseThrow();
    minZ = parts.stream().mapToDouble(b -> b.minZ).min().orElseThrow();
    double top = parts.stream().mapToDouble(b -> b.maxZ).max().orElseThrow();
    maxZ = diaphragm == null ? top : Math.min(top, diaphragm.top());
  }

  /**
   * The union's normalised radius at p, ignoring cutouts and confinement: below 1 inside the
   * parts, slightly above 1 in a shell around them (where capsular hematomas go).
   */
  double rawLevel(double x, double y, double z) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < parts.size(); i++) {
      double l = parts.get(i).level(x, y, z);
      if (l < best) {
        best = l;
      }
    }
    return best;
  }

  /** The normalised radius at p if p is inside the organ, else {@link Double#MAX_VALUE}. */
  double level(double x, double y, double z) {
    double l = rawLevel(x, y, z);
    if (l >= 1 || !allowed(x, y, z)) {
      return Double.MAX_VALUE;
    }
    return l;
  }

  /** Whether p is outside every cutout and inside the space the organ may fill. */
  boolean allowed(double x, double y, double z) {
    for (int i = 0; i < cutouts.size(); i++) {
      if (cutouts.get(i).contains(x, y, z)) {
        return false;
      }
    }
    if (!frame.inCavity(x, y, z)) {
      return false;
    }
    return diaphragm == null || diaphragm.below(x, y, z);
  }

  /** Whether p is below the diaphragm, for organs that lie under it (always true for the others). */
  boolean underDiaphragm(double x, double y, double z) {
    return diaphragm == null || diaphragm.below(x, y, z);
  }

  boolean spansZ(double z) {
    return z >= minZ && z <= maxZ;
  }

  /** A uniformly random point inside the organ whose normalised radius lies in [low, high). */
  double[] randomPoint(Rng rng, double low, double high) {
    for (int attempt = 0; attempt < 20_000; attempt++) {
      double x = rng.uniform(minX, maxX);
      double y = rng.uniform(minY, maxY);
      double z = rng.uniform(minZ, maxZ);
      double l = level(x, y, z);
      if (l >= low && l < high) {
        return new double[] {x, y, z};
      }
    }
    throw new IllegalStateException("no point of the organ lies at normalised radius " + low + ".." + high);
  }
}
