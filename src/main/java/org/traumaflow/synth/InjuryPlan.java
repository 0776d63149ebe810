package org.traumaflow.synth;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;



/**
 * Where and how a patient is injured, made to match the patient's labels:
 * <ul>
 *   <li>low-grade solid-organ injury: one small laceration (hypodense tear), sometimes with a
 *       thin subcapsular hematoma;
 *   <li>high-grade: two to four long, deep lacerations (fragmentation), often a devascularised
 *       part and a large hematoma around the organ;
 *   <li>active extravasation: a small contrast blush in an injured organ, or with a hematoma in
 *       the mesentery or retroperitoneum when no solid organ is injured;
 *   <li>bowel injury: a segment of a small-bowel loop with a thickened wall, free fluid beside it
 *       and sometimes bubbles of free gas.
 * </ul>
 *
 * @param liver lesions inside the liver
 * @param spleen lesions inside the spleen
 * @param leftKidney lesions inside the left kidney
 * @param rightKidney lesions inside the right kidney
 * @param aroundOrgans hematomas and collections, painted after the bowel and before the organs
 * @param blush the extravasation, painted last; null when none
 * @param injuredLoop index into the anatomy's small-bowel loops of the injured one, or -1
 * @param injuredLoopTube that loop with its injured wall
 */
record InjuryPlan(
    List<Lesion> liver,
    List<Lesion> spleen,
    List<Lesion> leftKidney,
    List<Lesion> rightKidney,
    List<Structure> aroundOrgans,
    ContrastBlush blush,
    int injuredLoop,
    Tube injuredLoopTube) {

  static InjuryPlan sample(Rng rng, PatientLabels labels, Anatomy anatomy) {
    List<Structure> around = new ArrayList<>();
    BodyFrame frame = anatomy.frame();
    List<Lesion> liver = organInjury(rng, labels.liver(), anatomy.liver(), frame, around, false);
    List<Lesion> spleen = organInjury(rng, labels.spleen(), anatomy.spleen(), frame, around, false);
    List<Lesion> left = List.of();
    List<Lesion> right = List.of();
    if (labels.kidney().injured()) {
      boolean leftSide = rng.chance(0.5);
      List<Lesion> lesions = organInjury(rng, labels.kidney(), leftSide ? anatomy.leftKidney() : anatomy.rightKidney(), frame, around, true);
      left = leftSide ? lesions : List.of();
      right = leftSide ? List.of() : lesions;
    }

    ContrastBlush blush = null;
    if (labels.extravasation()) {
      List<Lesion> candidates = new ArrayList<>();
      for (List<Lesion> lesions : List.of(spleen, liver, left, right)) {
        lesions.stream().filter(l -> l.finding() == Finding.LACERATION).findFirst().ifPresent(candidates::add);
      }
      double[] centre;
      if (!candidates.isEmpty()) {
        Blob tear = candidates.get(rng.nextInt(candidates.size())).region();
        centre = new double[] {tear.cx + rng.normal(0, 2, -4, 4), tear.cy + rng.normal(0, 2, -4, 4), tear.cz + rng.normal(0, 2, -4, 4)};
      } else {
        // Bleeding from a mesenteric or retroperitoneal vessel, into its own hematoma.
        double s = frame.scale();
        centre = new double[] {
          frame.cx() + rng.uniform(-50, 50) * s, frame.cy() + rng.uniform(-40, 25) * s, frame.z(rng.uniform(-280, -170))
        };
        double r = rng.uniform(20, 35);
        around.add(new FluidCollection(
            Blob.deformed(centre[0], centre[1], centre[2], r, r * rng.uniform(0.6, 1), r * rng.uniform(0.7, 1.2), rng.uniform(0, 180), 0, Blob.randomShape(rng, 0.1)),
            Finding.HEMATOMA, frame));
      }
      blush = new ContrastBlush(
          Blob.deformed(centre[0], centre[1], centre[2], rng.uniform(3.5, 7), rng.uniform(3, 6), rng.uniform(4, 8), rng.uniform(0, 180), rng.uniform(-30, 30), Blob.randomShape(rng, 0.12)),
          rng.uniform(1.2, 1.6));
    }

    int injuredLoop = -1;
    Tube injuredTube = null;
    if (labels.bowelInjury()) {
      injuredLoop = rng.nextInt(anatomy.smallBowel().size());
      Tube loop = anatomy.smallBowel().get(injuredLoop);
      int segments = (int) Math.ceil(rng.uniform(40, 70) / 7);
      int from = rng.between(2, Math.max(2, loop.points() - segments - 2));
      injuredTube = loop.withInjury(from, from + segments, Math.min(loop.radius() - 2.5, rng.uniform(6, 8.5)));
      double[] mid = loop.point(Math.min(loop.points() - 1, from + segments / 2));
      double[] offset = randomDirection(rng);
      double distance = loop.radius() + rng.uniform(8, 18);
      around.add(new FluidCollection(
          Blob.deformed(mid[0] + offset[0] * distance, mid[1] + offset[1] * distance, mid[2] + offset[2] * distance,
              rng.uniform(15, 30), rng.uniform(10, 22), rng.uniform(12, 25), rng.uniform(0, 180), 0, Blob.randomShape(rng, 0.12)),
          Finding.FREE_FLUID, frame));
      if (rng.chance(0.5)) {
        int bubbles = rng.between(1, 3);
        for (int i = 0; i < bubbles; i++) {
          double[] d = randomDirection(rng);
          double dist = loop.radius() + rng.uniform(3, 10);
          double r = rng.uniform(2.5, 5);
          around.add(new FluidCollection(
              Blob.ellipsoid(mid[0] + d[0] * dist, mid[1] + d[1] * dist, mid[2] + d[2] * dist, r, r, r, 0, 0), Finding.FREE_AIR, frame));
        }
      }
    }
    return new InjuryPlan(liver, spleen, left, right, List.copyOf(around), blush, injuredLoop, injuredTube);
  }

  private static List<Lesion> organInjury(Rng rng, Grade grade, OrganShape organ, BodyFrame frame, List<Structure> around, boolean kidney) {
    if (!grade.injured()) {
      return List.of();
    }
    List<Lesion> lesions = new ArrayList<>();
    double size = kidney ? 0.6 : 1.0;
    if (grade == Grade.LOW) {
      double[] p = organ.randomPoint(rng, 0.5, 0.9);
      lesions.add(new Lesion(Finding.LACERATION, Blob.deformed(p[0], p[1], p[2],
          rng.uniform(12, 24) * size, rng.uniform(3.5, 6), rng.uniform(8, 18) * size,
          rng.uniform(0, 180), rng.uniform(-30, 30), Blob.randomShape(rng, 0.1))));
      if (kidney || rng.chance(0.5)) {
        double r = rng.uniform(20, 35);
        around.add(new CapsularHematoma(organ, Blob.ellipsoid(p[0], p[1], p[2], r, r, r, 0, 0), kidney ? 1.12 : 1.07, frame));
      }
    } else {
      int tears = rng.between(2, 4);
      double[] first = null;
      for (int i = 0; i < tears; i++) {
        double[] p = organ.randomPoint(rng, 0.15, 0.8);
        if (first == null) {
          first = p;
        }
        lesions.add(new Lesion(Finding.LACERATION, Blob.deformed(p[0], p[1], p[2],
            rng.uniform(30, 60) * size, rng.uniform(4.5, 8), rng.uniform(20, 40) * size,
            rng.uniform(0, 180), rng.uniform(-40, 40), Blob.randomShape(rng, 0.12))));
      }
      if (rng.chance(0.5)) {
        double[] p = organ.randomPoint(rng, 0.5, 0.9);
        double r = rng.uniform(18, 32) * size;
        lesions.add(new Lesion(Finding.DEVASCULARIZED, Blob.deformed(p[0], p[1], p[2], r, r * 0.8, r, rng.uniform(0, 180), 0, Blob.randomShape(rng, 0.1))));
      }
      double r = rng.uniform(45, 80);
      around.add(new CapsularHematoma(organ, Blob.ellipsoid(first[0], first[1], first[2], r, r, r, 0, 0), kidney ? rng.uniform(1.25, 1.45) : rng.uniform(1.12, 1.25), frame));
    }
    return List.copyOf(lesions);
  }

  private static double[] randomDirection(Rng rng) {
    double[] v = {rng.gaussian(), rng.gaussian(), rng.gaussian()};
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return n < 1e-9 ? new double[] {1, 0, 0} : new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
