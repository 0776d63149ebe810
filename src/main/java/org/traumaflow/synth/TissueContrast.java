package org.traumaflow.synth;

/**
 * The noise-free HU of every enhancing tissue in one series: one patient's circulation in one
 * contrast phase. Values follow typical adult abdominal CT (e.g. portal venous liver 100-130 HU,
 * arterial aorta 250-450 HU).
 */
record TissueContrast(
    ContrastPhase phase,
    double aorta,
    double portalVein,
    double vena,
    double heart,
    double liver,
    double spleen,
    double spleenMottle,
    double kidneyCortex,
    double kidneyMedulla,
    double bowelWall,
    double pancreas,
    double muscle,
    double hematoma,
    double blush) {

  /**
   * The contrast of one series. {@code patient} draws what is the patient's own (cardiac output,
   * organ perfusion) and must be seeded the same for all of the patient's series.
   */
  static TissueContrast sample(Rng patient, Rng series, ContrastPhase phase) {
    double perfusion = patient.normal(1.0, 0.06, 0.88, 1.12);
    double muscle = patient.normal(55, 4, 45, 65);
    // Blood outside the vessels: 35-60 HU, darker than enhanced parenchyma.
    double hematoma = patient.normal(46, 5, 35, 58);
    return switch (phase) {
      case PORTAL_VENOUS -> {
        double aorta = series.normal(170, 25, 125, 240);
        double portal = series.normal(175, 20, 130, 230);
        yield new TissueContrast(
            phase,
            aorta,
            portal,
            portal * 0.9,
            aorta * 0.95,
            series.normal(112, 9, 92, 135) * perfusion,
            series.normal(122, 8, 105, 140) * perfusion,
            0,
            series.normal(185, 15, 150, 220) * perfusion,
            series.normal(165, 15, 130, 200) * perfusion,
            series.normal(95, 8, 80, 115),
            series.normal(100, 8, 85, 120),
            muscle + 5,
            hematoma,
            Math.max(aorta, 190) * series.uniform(1.0, 1.25));
      }
      case ARTERIAL -> {
        double aorta = series.normal(330, 55, 240, 460);
        yield new TissueContrast(
            phase,
            aorta,
            series.normal(110, 12, 85, 140),
            series.normal(70, 10, 50, 95),
            aorta * 0.9,
            series.normal(72, 6, 60, 88) * perfusion,
            series.normal(120, 10, 100, 145) * perfusion,
            32,
            series.normal(200, 20, 160, 250) * perfusion,
            series.normal(75, 8, 60, 95) * perfusion,
            series.normal(115, 10, 95, 140),
            series.normal(120, 10, 100, 145),
            muscle,
            hematoma,
            aorta * series.uniform(0.9, 1.1));
      }
    };
  }

  /**
   * aortic_hu as train_series_meta.csv writes it: the aorta's mean HU, in quarter-HU steps
   * (the real file's values are means of four measurements).
   */
  double aorticHu() {
    return Math.round(aorta * 4) / 4.0;
  }
}
