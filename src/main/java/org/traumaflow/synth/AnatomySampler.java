package org.traumaflow.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws one patient's anatomy. Positions are given for an average adult (in mm from the body
 * centre and from the liver dome) and scaled by the patient's skeletal size; each organ's size,
 * shape, orientation and position then vary by a few millimetres to centimetres, as between
 * real patients.
 */
final class AnatomySampler {
  private final Rng rng;
  private final BodyFrame frame;
  private final double s;

  private AnatomySampler(Rng rng) {
    this.rng = rng;
    double scale = rng.normal(1.0, 0.06, 0.86, 1.14);
    this.frame = new BodyFrame(
        rng.normal(0, 8, -25, 25),
        rng.normal(-5, 8, -30, 20),
        rng.uniform(-600, 200),
        scale,
        rng.uniform(8, 42),
        rng.uniform(8, 15) * scale);
    this.s = scale;
  }

  static Anatomy sample(Rng rng) {
    return new AnatomySampler(rng).build();
  }

  private Anatomy build() {
    Diaphragm diaphragm = new Diaphragm(
        x(-55), y(0), frame.zDome(),
        x(50), y(8), frame.z(rng.normal(-12, 4, -22, -2)),
        0.004 / (s * s),
        frame.cx(), frame.cy(), frame.cavityHalfWidth(frame.zDome()), frame.cavityHalfDepth(frame.zDome()),
        rng.uniform(55, 80));
    Blob heart = Blob.deformed(x(18), y(-25), frame.z(52), 62 * s, 48 * s, 46 * s, 30, 0, Blob.randomShape(rng, 0.04));
    Spine spine = new Spine(frame, 34 * s, rng.uniform(0, 100), frame.z(-305));
    Ribs ribs = new Ribs(frame, rng.normal(30, 6, 15, 45), 28 * s, rng.uniform(120, 140));
    List<BoneBlob> pelvis = List.of(
        new BoneBlob(Blob.ellipsoid(x(0), y(58), frame.z(-348), 38 * s, 16 * s, 50 * s, 0, 30), 2),
        new BoneBlob(Blob.deformed(x(-67), y(20), frame.z(-300), 8 * s, 52 * s, 55, -43, 0, Blob.randomShape(rng, 0.03)), 1.8),
        new BoneBlob(Blob.deformed(x(67), y(20), frame.z(-300), 8 * s, 52 * s, 55, 43, 0, Blob.randomShape(rng, 0.03)), 1.8),
        new BoneBlob(Blob.ellipsoid(x(-88), y(2), frame.z(-478), 23 * s, 23 * s, 23 * s, 0, 0), 2.5),
        new BoneBlob(Blob.ellipsoid(x(88), y(2), frame.z(-478), 23 * s, 23 * s, 23 * s, 0, 0), 2.5));

    Sac gallbladder = null;
    List<Blob> liverCutouts = new ArrayList<>();
    if (rng.chance(0.85)) {
      double g = rng.normal(1, 0.15, 0.7, 1.3);
      Blob shape = Blob.deformed(x(-42), y(-48), frame.z(-112), 14 * s * g, 15 * s * g, 30 * s * g, rng.normal(10, 10, -20, 40), 25, Blob.randomShape(rng, 0.04));
      gallbladder = new Sac(Sac.Kind.GALLBLADDER, shape, 2, 0, frame, diaphragm, rng.nextLong());
      liverCutouts.add(shape);
    }
    double liverSize = rng.normal(1, 0.08, 0.82, 1.2);
    OrganShape liver = new OrganShape(
        List.of(
            Blob.deformed(x(-58), y(2), frame.z(-72), 64 * s * liverSize, 80 * s * liverSize, 82 * liverSize, rng.normal(0, 8, -20, 20), rng.normal(0, 5, -12, 12), Blob.randomShape(rng, 0.06)),
            Blob.deformed(x(18 + rng.normal(0, 8, -20, 20)), y(-42), frame.z(-45), 56 * s * rng.normal(1, 0.15, 0.6, 1.4), 30 * s, 38 * liverSize, rng.normal(-20, 8, -40, 0), rng.normal(0, 5, -12, 12), Blob.randomShape(rng, 0.07))),
        liverCutouts, frame, diaphragm);

    double spleenSize = rng.normal(1, 0.12, 0.7, 1.35);
    double spleenYaw = rng.normal(50, 10, 25, 75);
    double spleenZ = rng.normal(-58, 8, -80, -40);
    OrganShape spleen = new OrganShape(
        List.of(Blob.deformed(x(80), y(42), frame.z(spleenZ), 22 * s * spleenSize, 52 * s * spleenSize, 46 * spleenSize, spleenYaw, rng.normal(0, 8, -20, 20), Blob.randomShape(rng, 0.07))),
        List.of(Blob.ellipsoid(x(58), y(28), frame.z(spleenZ), 20 * s * spleenSize, 32 * s * spleenSize, 44 * spleenSize, spleenYaw, 0)),
        frame, diaphragm);

    OrganShape rightKidney = kidney(-64, rng.normal(-128, 8, -150, -105), -35);
    OrganShape leftKidney = kidney(62, rng.normal(-112, 8, -135, -90), 35);

    Sac stomach = new Sac(
        Sac.Kind.STOMACH,
        Blob.deformed(x(38), y(-30), frame.z(-62), 40 * s * rng.normal(1, 0.12, 0.75, 1.3), 30 * s, 46 * s, rng.normal(35, 10, 10, 60), rng.normal(0, 10, -25, 25), Blob.randomShape(rng, 0.06)),
        4, rng.uniform(0.1, 0.45), frame, diaphragm, rng.nextLong());
    double bladderFill = rng.uniform(0.6, 1.2);
    Sac bladder = new Sac(Sac.Kind.BLADDER, Blob.deformed(x(0), y(-28), frame.z(-415), 42 * s * bladderFill, 32 * s * bladderFill, 33 * bladderFill, 0, 0, Blob.randomShape(rng, 0.05)), 3, 0, frame, null, rng.nextLong());

    Tube pancreas = Tube.solid(Tube.Kind.PANCREAS, jitter(new double[][] {
        {62, 28, -80}, {30, 10, -86}, {0, 2, -92}, {-22, -2, -104}, {-32, -4, -118}}, 3), 10 * s, false);

    return new Anatomy(
        frame,
        diaphragm,
        new Lungs(frame, diaphragm, heart),
        spine,
        ribs,
        pelvis,
        liver,
        spleen,
        leftKidney,
        rightKidney,
        stomach,
        gallbladder,
        bladder,
        pancreas,
        colon(),
        smallBowel(),
        arteries(),
        veins(),
        rng.nextLong());
  }

  private OrganShape kidney(double offsetX, double level, double yaw) {
    double size = rng.normal(1, 0.08, 0.8, 1.2);
    Blob shape = Blob.deformed(
        x(offsetX + rng.normal(0, 4, -10, 10)), y(44 + rng.normal(0, 4, -10, 10)), frame.z(level),
        23 * s * size, 27 * s * size, 52 * size,
        yaw + rng.normal(0, 8, -20, 20), Math.signum(offsetX) * rng.normal(8, 5, -5, 20), Blob.randomShape(rng, 0.04));
    return new OrganShape(List.of(shape), List.of(), frame, null);
  }

  /** The colon framing the abdomen: caecum, ascending, transverse, descending, sigmoid, rectum. */
  private Tube colon() {
    double[][] route = {
      {-80, -10, -300}, {-86, 0, -220}, {-85, -5, -165}, {-70, -40, -150}, {-20, -70, -168},
      {30, -70, -160}, {74, -22, -118}, {88, 10, -142}, {88, 15, -260}, {75, 5, -320},
      {30, -25, -352}, {-10, -10, -372}, {0, 45, -402}, {0, 55, -470}
    };
    double[][] points = smooth(jitter(route, 6), 6);
    int n = points.length;
    Tube.Content[] content = new Tube.Content[n];
    double[] fill = new double[n];
    Tube.Content current = Tube.Content.STOOL;
    double level = 0.5;
    for (int i = 0; i < n; i++) {
      if (i % 8 == 0) {
        int pick = rng.weighted(new double[] {0.55, 0.35, 0.1});
        current = Tube.Content.values()[new int[] {2, 1, 0}[pick]];
        level = rng.uniform(0.3, 0.75);
      }
      content[i] = current;
      fill[i] = level;
    }
    return Tube.bowel(Tube.Kind.COLON, points, 20 * s * rng.normal(1, 0.1, 0.8, 1.2), content, fill, rng.nextLong());
  }

  /** Small-bowel loops: smooth random walks in the mid and lower abdomen. */
  private List<Tube> smallBowel() {
    int loops = rng.between(5, 7);
    List<Tube> tubes = new ArrayList<>();
    double[] lo = {x(-55), y(-62), frame.z(-290)};
    double[] hi = {x(55), y(12), frame.z(-150)};
    for (int loop = 0; loop < loops; loop++) {
      int steps = rng.between(28, 42);
      double[][] points = new double[steps][];
      double[] p = {rng.uniform(lo[0], hi[0]), rng.uniform(lo[1], hi[1]), rng.uniform(lo[2], hi[2])};
      double[] d = unit(new double[] {rng.gaussian(), rng.gaussian(), rng.gaussian()});
      for (int i = 0; i < steps; i++) {
        points[i] = p.clone();
        d = unit(new double[] {d[0] + 0.45 * rng.gaussian(), d[1] + 0.45 * rng.gaussian(), d[2] + 0.45 * rng.gaussian()});
        for (int axis = 0; axis < 3; axis++) {
          double next = p[axis] + 7 * d[axis];
          if (next < lo[axis] || next > hi[axis]) {
            d[axis] = -d[axis];
          }
          p[axis] += 7 * d[axis];
        }
      }
      Tube.Content[] content = new Tube.Content[steps];
      double[] fill = new double[steps];
      Tube.Content current = Tube.Content.FLUID;
      double level = 0.7;
      for (int i = 0; i < steps; i++) {
        if (i % 6 == 0) {
          current = rng.chance(0.6) ? Tube.Content.FLUID : Tube.Content.AIR_FLUID;
          level = rng.uniform(0.4, 0.9);
        }
        content[i] = current;
        fill[i] = level;
      }
      tubes.add(Tube.bowel(Tube.Kind.SMALL_BOWEL, points, rng.uniform(9, 12.5), content, fill, rng.nextLong()));
    }
    return tubes;
  }

  private List<Tube> arteries() {
    double r = rng.normal(11, 1.5, 8, 15);
    List<Tube> tubes = new ArrayList<>();
    tubes.add(Tube.solid(Tube.Kind.AORTA, jitter(new double[][] {{10, 14, 80}, {10, 13, -80}, {8, 12, -250}}, 2), r, false));
    for (int side : new int[] {-1, 1}) {
      tubes.add(Tube.solid(Tube.Kind.AORTA, new double[][] {
          point(8, 12, -250), point(40 * side, 18, -320), point(68 * side, -5, -420), point(75 * side, -15, -500)}, 0.55 * r, false));
    }
    return tubes;
  }

  /** Veins, painted after the organs and keeping their labels: the liver's mask includes its vessels. */
  private List<Tube> veins() {
    List<Tube> tubes = new ArrayList<>();
    tubes.add(Tube.solid(Tube.Kind.VENA, jitter(new double[][] {{-20, 18, 30}, {-22, 14, -120}, {-14, 16, -240}}, 2), rng.normal(11, 1.5, 8, 14), true));
    for (int side : new int[] {-1, 1}) {
      tubes.add(Tube.solid(Tube.Kind.VENA, new double[][] {
          point(-14, 16, -240), point(35 * side, 24, -320), point(62 * side, 2, -420), point(70 * side, -8, -500)}, 7, true));
    }
    double[] hilum = point(-55, -8, -74);
    tubes.add(Tube.solid(Tube.Kind.PORTAL_VEIN, new double[][] {point(-4, 4, -102), point(-28, -2, -86), hilum}, 7, true));
    tubes.add(Tube.solid(Tube.Kind.PORTAL_VEIN, new double[][] {hilum, point(-90, 5, -70)}, 5, true));
    tubes.add(Tube.solid(Tube.Kind.PORTAL_VEIN, new double[][] {hilum, point(-20, -45, -55), point(25, -50, -45)}, 4.5, true));
    double[] confluence = point(-20, 16, -12);
    tubes.add(Tube.solid(Tube.Kind.VENA, new double[][] {confluence, point(-85, 15, -35)}, 5, true));
    tubes.add(Tube.solid(Tube.Kind.VENA, new double[][] {confluence, point(-50, -40, -28)}, 5, true));
    tubes.add(Tube.solid(Tube.Kind.VENA, new double[][] {confluence, point(15, -40, -22)}, 4, true));
    return tubes;
  }

  private double x(double offset) {
    return frame.cx() + offset * s;
  }

  private double y(double offset) {
    return frame.cy() + offset * s;
  }

  /** A point from offsets for an average adult: x and y scaled, z as anatomical height. */
  private double[] point(double dx, double dy, double level) {
    return new double[] {x(dx), y(dy), frame.z(level)};
  }

  private double[][] jitter(double[][] offsets, double sd) {
    double[][] out = new double[offsets.length][];
    for (int i = 0; i < offsets.length; i++) {
      out[i] = point(
          offsets[i][0] + rng.normal(0, sd, -3 * sd, 3 * sd),
          offsets[i][1] + rng.normal(0, sd, -3 * sd, 3 * sd),
          offsets[i][2] + rng.normal(0, sd, -3 * sd, 3 * sd));
    }
    return out;
  }

  /** A Catmull-Rom spline through the points, sampled about every {@code stepMm}. */
  static double[][] smooth(double[][] points, double stepMm) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i + 1 < points.length; i++) {
      double[] p0 = points[Math.max(0, i - 1)];
      double[] p1 = points[i];
      double[] p2 = points[i + 1];
      double[] p3 = points[Math.min(points.length - 1, i + 2)];
      double length = Math.sqrt(sq(p2[0] - p1[0]) + sq(p2[1] - p1[1]) + sq(p2[2] - p1[2]));
      int n = Math.max(1, (int) Math.ceil(length / stepMm));
      for (int k = 0; k < n; k++) {
        double t = (double) k / n;
        double[] p = new double[3];
        for (int a = 0; a < 3; a++) {
          p[a] = 0.5 * ((2 * p1[a]) + (-p0[a] + p2[a]) * t + (2 * p0[a] - 5 * p1[a] + 4 * p2[a] - p3[a]) * t * t
              + (-p0[a] + 3 * p1[a] - 3 * p2[a] + p3[a]) * t * t * t);
        }
        out.add(p);
      }
    }
    out.add(points[points.length - 1].clone());
    return out.toArray(new double[0][]);
  }

  private static double sq(double v) {
    return v * v;
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (n < 1e-9) {
      return new double[] {1, 0, 0};
    }
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
