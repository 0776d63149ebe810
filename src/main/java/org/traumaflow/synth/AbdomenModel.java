package org.traumaflow.synth;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.label.PatientLabels;


/**
 * The phantom: one patient's abdomen with its injuries, painted onto any axial slice in HU, with
 * the organ label and injury finding of every pixel. Structures are painted back to front in a
 * fixed order (body, lungs, bones, arteries, bowel and hollow organs, hematomas, solid organs,
 * veins, extravasation), so where two overlap the later one shows, and the label map is exactly
 * what the HU show.
 */
final class AbdomenModel {
  private final Anatomy anatomy;
  private final InjuryPlan injuries;
  private final List<SolidOrgan> organs;
  private final List<Structure> layers;

  private AbdomenModel(Anatomy anatomy, InjuryPlan injuries) {
    this.anatomy = anatomy;
    this.injuries = injuries;
    long seed = anatomy.textureSeed();
    this.organs = List.of(
        new SolidOrgan(SolidOrgan.Kind.LIVER, OrganLabel.LIVER, anatomy.liver(), injuries.liver(), Rng.derive(seed, 1)),
        new SolidOrgan(SolidOrgan.Kind.SPLEEN, OrganLabel.SPLEEN, anatomy.spleen(), injuries.spleen(), Rng.derive(seed, 2)),
        new SolidOrgan(SolidOrgan.Kind.KIDNEY, OrganLabel.RIGHT_KIDNEY, anatomy.rightKidney(), injuries.rightKidney(), Rng.derive(seed, 3)),
        new SolidOrgan(SolidOrgan.Kind.KIDNEY, OrganLabel.LEFT_KIDNEY, anatomy.leftKidney(), injuries.leftKidney(), Rng.derive(seed, 4)));

    List<Structure> l = new ArrayList<>();
    l.add(new BodyWall(anatomy.frame(), anatomy.spine(), 10));
    l.add(anatomy.lungs());
    l.add(anatomy.spine());
    l.add(anatomy.ribs());
    l.addAll(anatomy.pelvis());
    l.addAll(anatomy.arteries());
    l.add(anatomy.colon());
    for (int i = 0; i < anatomy.smallBowel().size(); i++) {
      l.add(i == injuries.injuredLoop() ? injuries.injuredLoopTube() : anatomy.smallBowel().get(i));
    }
    l.add(anatomy.pancreas());
    l.add(anatomy.stomach());
    l.add(anatomy.bladder());
    l.addAll(injuries.aroundOrgans());
    l.addAll(organs);
    if (anatomy.gallbladder() != null) {
      l.add(anatomy.gallbladder());
    }
    l.addAll(anatomy.veins());
    if (injuries.blush() != null) {
      l.add(injuries.blush());
    }
    this.layers = List.copyOf(l);
  }

  /** The phantom of a patient with these labels, drawn from {@code seed}. */
  static AbdomenModel sample(long seed, PatientLabels labels) {
    Anatomy anatomy = AnatomySampler.sample(new Rng(Rng.derive(seed, 1)));
    InjuryPlan injuries = InjuryPlan.sample(new Rng(Rng.derive(seed, 2)), labels, anatomy);
    return new AbdomenModel(anatomy, injuries);
  }

  /** Paints the slice at the canvas' z (set by {@link SliceCanvas#reset}). */
  void paint(SliceCanvas canvas, TissueContrast contrast) {
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).paint(canvas, contrast);
    }
  }

  Anatomy anatomy() {
    return anatomy;
  }

  InjuryPlan injuries() {
    return injuries;
  }

  List<SolidOrgan> organs() {
    return organs;
  }

  BodyFrame frame() {
    return anatomy.frame();
  }

  /** The highest z any solid organ reaches (the liver dome, usually). */
  double solidOrganTop() {
    return organs.stream().mapToDouble(o -> o.shape.maxZ).max().orElseThrow();
  }

  /** The lowest z any solid organ reaches (a kidney's lower pole, usually). */
  double solidOrganBottom() {
    return organs.stream().mapToDouble(o -> o.shape.minZ).min().orElseThrow();
  }
}
