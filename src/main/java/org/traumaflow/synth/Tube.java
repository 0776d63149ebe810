package org.traumaflow.synth;

/**
 * A tubular structure along a polyline: a vessel, the pancreas, a small-bowel loop or the colon.
 * A voxel belongs to the tube when its distance to the polyline is below the radius; the nearest
 * segment decides what it shows (a bowel segment's wall thickness and content, so air-fluid
 * levels, stool and an injured, thickened segment are local to where they are).
 */
final class Tube implements Structure {
  enum Kind {
    AORTA,
    PORTAL_VEIN,
    VENA,
    PANCREAS,
    SMALL_BOWEL,
    COLON
  }

  /** What fills a bowel segment. */
  enum Content {
    FLUID,
    /** Gas above a fluid level: supine patients' gas rises to the front (smaller y). */
    AIR_FLUID,
    /** Mottled stool with gas bubbles. */
    STOOL
  }

  private static final double NORMAL_WALL = 2.5;

  final Kind kind;
  private final double[] xs;
  private final double[] ys;
  private final double[] zs;
  private final double radius;
  private final double[] wall;
  private final Content[] content;
  private final double[] fill;
  private final boolean[] injured;
  private final boolean keepLabel;
  private final long seed;
  private final ValueNoise stool;
  private final double minZ;
  private final double maxZ;
  /** Segment centres' y averaged along the tube, so fluid levels run level across segments. */
  private final double[] levelCentreY;

  private Tube(Kind kind, double[] xs, double[] ys, double[] zs, double radius, double[] wall, Content[] content, double[] fill, boolean[] injured, boolean keepLabel, long seed) {
    this.kind = kind;
    this.xs = xs;
    this.ys = ys;
    this.zs = zs;
    this.radius = radius;
    this.wall = wall;
    this.content = content;
    this.fill = fill;
    this.injured = injured;
    this.keepLabel = keepLabel;
    this.seed = seed;
    this.stool = new ValueNoise(seed, 6);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double z : zs) {
      lo = Math.min(lo, z);
      hi = Math.max(hi, z);
    }
    this.minZ = lo - radius;
    this.maxZ = hi + radius;
    this.levelCentreY = new double[ys.length];
    for (int s = 0; s < ys.length; s++) {
      double sum = 0;
      int n = 0;
      for (int k = Math.max(0, s - 5); k <= Math.min(ys.length - 1, s + 5); k++) {
        sum += ys[k];
        n++;
      }
      levelCentreY[s] = sum / n;
    }
  }

  /**
   * A solid tube (vessel or pancreas).
   *
   * @param keepLabel paint HU only, leaving the organ label below (vessels inside the liver are
   *     part of the liver's mask, as in the competition's masks)
   */
  static Tube solid(Kind kind, double[][] points, double radius, boolean keepLabel) {
    int n = points.length;
    return new Tube(kind, column(points, 0), column(points, 1), column(points, 2), radius, new double[n], new Content[n], new double[n], new boolean[n], keepLabel, kind.ordinal());
  }

  /** A bowel loop; per-segment arrays have one entry per point (the last is unused). */
  static Tube bowel(Kind kind, double[][] points, double radius, Content[] content, double[] fill, long seed) {
    int n = points.length;
    double[] wall = new double[n];
    java.util.Arrays.fill(wall, NORMAL_WALL);
    return new Tube(kind, column(points, 0), column(points, 1), column(points, 2), radius, wall, content.clone(), fill.clone(), new boolean[n], false, seed);
  }

  /**
   * This loop with segments {@code from..to} (inclusive) injured: the wall thickened to
   * {@code thickness} mm (oedema and haemorrhage in the wall).
   */
  Tube withInjury(int from, int to, double thickness) {
    double[] w = wall.clone();
    boolean[] hurt = injured.clone();
    for (int i = Math.max(0, from); i <= Math.min(points() - 1, to); i++) {
      w[i] = thickness;
      hurt[i] = true;
    }
    return new Tube(kind, xs, ys, zs, radius, w, content, fill, hurt, keepLabel, seed);
  }

  int points() {
    return xs.length;
  }

  /** Point i as (x, y, z). */
  double[] point(int i) {
    return new double[] {xs[i], ys[i], zs[i]};
  }

  double radius() {
    return radius;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (z < minZ || z > maxZ) {
      return;
    }
    int stamp = c.nextStamp();
    int unionR0 = Integer.MAX_VALUE;
    int unionR1 = -1;
    int unionC0 = Integer.MAX_VALUE;
    int unionC1 = -1;
    double r2 = radius * radius;
    for (int s = 0; s + 1 < xs.length; s++) {
      double ax = xs[s];
      double ay = ys[s];
      double az = zs[s];
      double bx = xs[s + 1];
      double by = ys[s + 1];
      double bz = zs[s + 1];
      if (z < Math.min(az, bz) - radius || z > Math.max(az, bz) + radius) {
        continue;
      }
      int r0 = c.rowFrom(Math.min(ay, by) - radius);
      int r1 = c.rowTo(Math.max(ay, by) + radius);
      int c0 = c.colFrom(Math.min(ax, bx) - radius);
      int c1 = c.colTo(Math.max(ax, bx) + radius);
      if (r0 > r1 || c0 > c1) {
        continue;
      }
      unionR0 = Math.min(unionR0, r0);
      unionR1 = Math.max(unionR1, r1);
      unionC0 = Math.min(unionC0, c0);
      unionC1 = Math.max(unionC1, c1);
      double ex = bx - ax;
      double ey = by - ay;
      double ez = bz - az;
      double len2 = ex * ex + ey * ey + ez * ez;
      double pz = z - az;
      for (int r = r0; r <= r1; r++) {
        double py = c.y(r) - ay;
        int rowBase = r * c.cols;
        for (int col = c0; col <= c1; col++) {
          double px = c.x(col) - ax;
          double u = len2 > 0 ? (px * ex + py * ey + pz * ez) / len2 : 0;
          u = u < 0 ? 0 : (u > 1 ? 1 : u);
          double qx = px - u * ex;
          double qy = py - u * ey;
          double qz = pz - u * ez;
          double d2 = qx * qx + qy * qy + qz * qz;
          if (d2 >= r2) {
            continue;
          }
          int index = rowBase + col;
          if (c.scratchStamp[index] != stamp || d2 < c.scratchDistance[index]) {
            c.scratchStamp[index] = stamp;
            c.scratchDistance[index] = (float) d2;
            c.scratchSegment[index] = (short) s;
          }
        }
      }
    }
    for (int r = unionR0; r <= unionR1; r++) {
      for (int col = unionC0; col <= unionC1; col++) {
        int index = r * c.cols + col;
        if (c.scratchStamp[index] == stamp) {
          shade(c, t, index, r, col, c.scratchSegment[index], Math.sqrt(c.scratchDistance[index]));
        }
      }
    }
  }

  private void shade(SliceCanvas c, TissueContrast t, int index, int r, int col, int s, double distance) {
    switch (kind) {
      case AORTA -> paintSolid(c, index, t.aorta());
      case PORTAL_VEIN -> paintSolid(c, index, t.portalVein());
      case VENA -> paintSolid(c, index, t.vena());
      case PANCREAS -> paintSolid(c, index, t.pancreas() + 8 * stool.at(c.x(col), c.y(r), c.z));
      case SMALL_BOWEL, COLON -> {
        byte bowel = OrganLabel.BOWEL.code();
        if (distance >= radius - wall[s]) {
          if (injured[s]) {
            float v = (float) (t.bowelWall() * 0.45 + 8);
            c.set(index, v, bowel);
            c.setFinding(index, v, Finding.BOWEL_WALL);
          } else {
            c.set(index, (float) t.bowelWall(), bowel);
          }
          return;
        }
        c.set(index, lumen(c, s, r, col), bowel);
      }
    }
  }

  private void paintSolid(SliceCanvas c, int index, double value) {
    if (keepLabel) {
      c.hu[index] = (float) value;
      c.finding[index] = 0;
    } else {
      c.set(index, (float) value, (byte) 0);
    }
  }

  private float lumen(SliceCanvas c, int s, int r, int col) {
    double x = c.x(col);
    double y = c.y(r);
    return switch (content[s]) {
      case FLUID -> 12f;
      case STOOL -> {
        double n = stool.at(x, y, c.z);
        yield n > 0.25 ? -930f : (float) (25 + 60 * n);
      }
      case AIR_FLUID -> {
        // The fluid level across this segment: gas fills the front (1 - fill) of the lumen.
        double lumenRadius = radius - wall[s];
        double levelY = levelCentreY[s] + lumenRadius - 2 * lumenRadius * fill[s];
        yield y < levelY ? -990f : 12f;
      }
    };
  }

  private static double[] column(double[][] points, int axis) {
    double[] v = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      v[i] = points[i][axis];
    }
    return v;
  }
}
