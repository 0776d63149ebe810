package org.traumaflow.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** The images say what the labels say: rendered in memory, without files. */
class PhantomTest {
  private static final int SIZE = 128;
  private static final int MAX_SLICES = 60;
  private static final PatientLabels BADLY_INJURED = new PatientLabels(true, true, Grade.HIGH, Grade.HIGH, Grade.LOW);

  /** The rendered series, every slice copied. */
  private record Rendered(Acquisition acquisition, TissueContrast contrast, List<RenderedSlice> slices) {}

  @Test
  void meanHuInsideEachOrganIsInItsTissueRange() throws IOException {
    for (long seed = 1; seed <= 4; seed++) {
      for (ContrastPhase phase : ContrastPhase.values()) {
        Rendered r = render(seed, PatientLabels.HEALTHY, phase, false);
        Map<OrganLabel, double[]> stats = organStats(r.slices());
        String where = "seed " + seed + " " + phase;
        assertInRange(mean(stats, OrganLabel.LIVER), phase == ContrastPhase.ARTERIAL ? 45 : 80, phase == ContrastPhase.ARTERIAL ? 100 : 150, "liver " + where);
        assertInRange(mean(stats, OrganLabel.SPLEEN), 80, 160, "spleen " + where);
        assertInRange(mean(stats, OrganLabel.LEFT_KIDNEY), 70, 250, "left kidney " + where);
        assertInRange(mean(stats, OrganLabel.RIGHT_KIDNEY), 70, 250, "right kidney " + where);
        double[] bowel = stats.get(OrganLabel.BOWEL);
        assertTrue(bowel[2] / bowel[0] > 0.05, "bowel holds gas (" + where + "): " + bowel[2] / bowel[0]);
        assertTrue(bowel[4] / bowel[0] > 0.25, "bowel has fluid and wall (" + where + "): " + bowel[4] / bowel[0]);
        assertEquals(0, bowel[5], "no bowel voxel is as dense as bone or contrast (" + where + ")");
      }
    }
  }

  @Test
  void contrastPhaseSetsTheAortaAndTheKidneyCortex() throws IOException {
    Rendered venous = render(5, PatientLabels.HEALTHY, ContrastPhase.PORTAL_VENOUS, false);
    Rendered arterial = render(5, PatientLabels.HEALTHY, ContrastPhase.ARTERIAL, false);
    assertTrue(arterial.contrast().aorticHu() > venous.contrast().aorticHu() + 50, "arterial aorta brighter");
    assertTrue(arterial.contrast().kidneyCortex() - arterial.contrast().kidneyMedulla()
        > venous.contrast().kidneyCortex() - venous.contrast().kidneyMedulla() + 50, "corticomedullary contrast in the arterial phase");
    assertTrue(venous.contrast().liver() > arterial.contrast().liver() + 15, "liver enhances later");
  }

  @Test
  void lacerationsAreMeasurablyDarkerThanTheHealthyParenchymaAroundThem() throws IOException {
    int checked = 0;
    for (long seed = 10; seed <= 13; seed++) {
      // Thin low-grade tears need finer pixels than the other tests use.
      // Without extravasation: a bright blush in a tear would brighten the tear around it.
      Rendered r = render(seed, new PatientLabels(false, false, Grade.HIGH, Grade.HIGH, Grade.LOW), ContrastPhase.PORTAL_VENOUS, false, 256);
      for (OrganLabel organ : List.of(OrganLabel.LIVER, OrganLabel.SPLEEN)) {
        double[] healthy = new double[2];
        double[] torn = new double[2];
        for (RenderedSlice s : r.slices()) {
          for (int i = 0; i < s.hu().length; i++) {
            if (s.labels()[i] != organ.value()) {
              continue;
            }
            double[] target = s.findings()[i] == Finding.LACERATION.code() ? torn : s.findings()[i] == 0 && interior(s, i, 256) ? healthy : null;
            if (target != null) {
              target[0]++;
              target[1] += s.hu()[i];
            }
          }
        }
        assertTrue(torn[0] > 0, organ + " seed " + seed + " has laceration voxels");
        double difference = healthy[1] / healthy[0] - torn[1] / torn[0];
        assertTrue(difference > 20, organ + " seed " + seed + ": laceration only " + difference + " HU darker");
        checked++;
      }
    }
    assertEquals(8, checked);
  }

  @Test
  void extravasationSlicesHoldVoxelsFarAboveTheOrganAndOnlyThoseSlices() throws IOException {
    for (long seed = 20; seed <= 25; seed++) {
      for (ContrastPhase phase : ContrastPhase.values()) {
        Rendered r = render(seed, BADLY_INJURED, phase, false);
        double liver = mean(organStats(r.slices()), OrganLabel.LIVER);
        int shown = 0;
        for (RenderedSlice s : r.slices()) {
          int brightest = Integer.MIN_VALUE;
          for (int i = 0; i < s.hu().length; i++) {
            if (s.findings()[i] == Finding.EXTRAVASATION.code()) {
              brightest = Math.max(brightest, s.hu()[i]);
            }
          }
          if (brightest != Integer.MIN_VALUE) {
            shown++;
            assertTrue(brightest > liver + 60, "seed " + seed + " " + phase + ": blush peaks at " + brightest + " HU, liver " + liver);
          }
        }
        assertTrue(shown > 0, "seed " + seed + " " + phase + ": the extravasation shows on some slice");
        assertTrue(shown < r.slices().size() / 3, "seed " + seed + ": the extravasation is focal, not on " + shown + " slices");
      }
    }
  }

  @Test
  void bowelInjuryShowsAsThickenedWallAndFreeFluidOnSomeSlices() throws IOException {
    for (long seed = 30; seed <= 33; seed++) {
      Rendered r = render(seed, BADLY_INJURED, ContrastPhase.PORTAL_VENOUS, false);
      double[] wall = new double[2];
      double[] fluid = new double[2];
      int slices = 0;
      for (RenderedSlice s : r.slices()) {
        boolean shows = false;
        for (int i = 0; i < s.hu().length; i++) {
          Finding f = Finding.of(s.findings()[i]);
          if (f == Finding.BOWEL_WALL) {
            wall[0]++;
            wall[1] += s.hu()[i];
          } else if (f == Finding.FREE_FLUID) {
            fluid[0]++;
            fluid[1] += s.hu()[i];
          }
          shows |= f.bowel();
        }
        slices += shows ? 1 : 0;
      }
      assertTrue(slices > 0 && slices < r.slices().size() / 2, "seed " + seed + ": bowel injury on " + slices + " slices");
      assertTrue(wall[0] > 0 && fluid[0] > 0, "seed " + seed + ": thickened wall and free fluid present");
      assertInRange(fluid[1] / fluid[0], -40, 60, "free fluid HU, seed " + seed);
      assertTrue(wall[1] / wall[0] < r.contrast().bowelWall() - 15, "the thickened wall enhances less than a normal wall");
    }
  }

  @Test
  void healthyPatientsHaveNoFindingsAtAll() throws IOException {
    for (long seed = 40; seed <= 42; seed++) {
      for (RenderedSlice s : render(seed, PatientLabels.HEALTHY, ContrastPhase.PORTAL_VENOUS, false).slices()) {
        for (byte f : s.findings()) {
          assertEquals(0, f, "seed " + seed);
        }
      }
    }
  }

  @Test
  void incompleteScansCutASolidOrganAtTheirEdgeAndCompleteOnesDoNot() throws IOException {
    for (long seed = 50; seed <= 57; seed++) {
      for (boolean incomplete : new boolean[] {false, true}) {
        Rendered r = render(seed, PatientLabels.HEALTHY, ContrastPhase.PORTAL_VENOUS, incomplete);
        List<RenderedSlice> s = r.slices();
        boolean cut = hasSolidOrgan(s.get(0)) || hasSolidOrgan(s.get(s.size() - 1));
        assertEquals(incomplete, cut, "seed " + seed + (incomplete ? ": incomplete scan cuts no organ" : ": complete scan cuts an organ"));
      }
    }
  }

  @Test
  void solidOrgansAppearAndDisappearAcrossTheScan() throws IOException {
    Rendered r = render(60, PatientLabels.HEALTHY, ContrastPhase.PORTAL_VENOUS, false);
    List<RenderedSlice> s = r.slices();
    assertEquals(0, count(s.get(s.size() - 1), OrganLabel.BOWEL), "no bowel above the diaphragm");
    for (OrganLabel organ : List.of(OrganLabel.LIVER, OrganLabel.SPLEEN, OrganLabel.LEFT_KIDNEY, OrganLabel.RIGHT_KIDNEY)) {
      int first = -1;
      int last = -1;
      for (int k = 0; k < s.size(); k++) {
        if (count(s.get(k), organ) > 0) {
          first = first < 0 ? k : first;
          last = k;
        }
      }
      assertTrue(first > 0 && last < s.size() - 1 && last > first, organ + " spans slices " + first + ".." + last + " of " + s.size());
    }
  }

  @Test
  void acquisitionsVaryLikeRealExports() {
    AbdomenModel model = AbdomenModel.sample(70, PatientLabels.HEALTHY);
    SeriesWriter writer = new SeriesWriter(new CompetitionLayout(Path.of("unused")), null, 512, 1000);
    double minSpacing = Double.MAX_VALUE;
    double maxSpacing = 0;
    double minPixel = Double.MAX_VALUE;
    double maxPixel = 0;
    int minSlices = Integer.MAX_VALUE;
    int maxSlices = 0;
    boolean headFirst = false;
    boolean feetFirst = false;
    boolean outOfOrder = false;
    java.util.Set<String> encodings = new java.util.TreeSet<>();
    for (int i = 0; i < 200; i++) {
      SeriesPlan plan = new SeriesPlan(i + 1, ContrastPhase.PORTAL_VENOUS, false, false, Rng.derive(71, i));
      Acquisition a = writer.design(new PatientPlan(10000, true, PatientLabels.HEALTHY, 70, List.of()), plan, model).acquisition();
      minSpacing = Math.min(minSpacing, a.sliceSpacing());
      maxSpacing = Math.max(maxSpacing, a.sliceSpacing());
      minPixel = Math.min(minPixel, a.pixelSpacing());
      maxPixel = Math.max(maxPixel, a.pixelSpacing());
      minSlices = Math.min(minSlices, a.slices());
      maxSlices = Math.max(maxSlices, a.slices());
      headFirst |= a.patientPosition().equals("HFS");
      feetFirst |= a.patientPosition().equals("FFS");
      outOfOrder |= outOfOrder(a.instanceNumbers());
      encodings.add(a.encoding().bitsStored() + "/" + a.encoding().pixelRepresentation() + "/" + (int) a.encoding().intercept());
      int[] sorted = a.instanceNumbers().clone();
      java.util.Arrays.sort(sorted);
      for (int k = 1; k < sorted.length; k++) {
        assertEquals(sorted[k - 1] + 1, sorted[k], "instance numbers are consecutive");
      }
    }
    assertTrue(minSpacing < 0.7 && maxSpacing > 4, "slice spacing " + minSpacing + ".." + maxSpacing);
    assertTrue(minPixel >= 0.6 && minPixel < 0.7 && maxPixel <= 0.9 && maxPixel > 0.8, "pixel spacing " + minPixel + ".." + maxPixel);
    assertTrue(minSlices >= 80 && maxSlices <= 1000 && maxSlices > 500, "slices " + minSlices + ".." + maxSlices);
    assertTrue(headFirst && feetFirst && outOfOrder, "HFS, FFS and out-of-order instances all occur");
    assertEquals(java.util.Set.of("12/0/-1024", "12/1/0", "16/0/-1024", "16/1/-1024", "16/1/0"), encodings);
  }

  /** Whether some instance numbers (in the slices' z order) follow that order neither way. */
  private static boolean outOfOrder(int[] instanceNumbers) {
    boolean up = true;
    boolean down = true;
    for (int k = 1; k < instanceNumbers.length; k++) {
      up &= instanceNumbers[k] > instanceNumbers[k - 1];
      down &= instanceNumbers[k] < instanceNumbers[k - 1];
    }
    return !up && !down;
  }

  private static Rendered render(long seed, PatientLabels labels, ContrastPhase phase, boolean incomplete) throws IOException {
    return render(seed, labels, phase, incomplete, SIZE);
  }

  private static Rendered render(long seed, PatientLabels labels, ContrastPhase phase, boolean incomplete, int size) throws IOException {
    AbdomenModel model = AbdomenModel.sample(seed, labels);
    PatientPlan patient = new PatientPlan(10000 + (int) seed, true, labels, seed, List.of());
    SeriesPlan series = new SeriesPlan(1, phase, incomplete, false, Rng.derive(seed, 99));
    SeriesWriter writer = new SeriesWriter(new CompetitionLayout(Path.of("unused")), null, size, MAX_SLICES);
    SeriesWriter.Design design = writer.design(patient, series, model);
    List<RenderedSlice> slices = new ArrayList<>();
    new SeriesRenderer(model, design.acquisition(), design.contrast(), design.noiseSeed()).render(s -> slices.add(
        new RenderedSlice(s.index(), s.instanceNumber(), s.z(), s.hu().clone(), s.labels().clone(), s.findings().clone())));
    return new Rendered(design.acquisition(), design.contrast(), slices);
  }

  /**
   * Per organ: voxels, HU sum of uninjured interior voxels (all four neighbours in the organ, so
   * edges blurred with the fat around are left out, as when a mask is eroded), gas voxels
   * (below -700 HU), uninjured interior voxels, fluid or soft-tissue voxels (-50..150 HU), voxels
   * above 400 HU.
   */
  private static Map<OrganLabel, double[]> organStats(List<RenderedSlice> slices) {
    Map<OrganLabel, double[]> stats = new EnumMap<>(OrganLabel.class);
    for (OrganLabel organ : OrganLabel.values()) {
      stats.put(organ, new double[6]);
    }
    for (RenderedSlice s : slices) {
      for (int i = 0; i < s.hu().length; i++) {
        if (s.labels()[i] == 0) {
          continue;
        }
        double[] st = stats.get(OrganLabel.of(s.labels()[i]));
        short hu = s.hu()[i];
        st[0]++;
        if (s.findings()[i] == 0 && interior(s, i)) {
          st[1] += hu;
          st[3]++;
        }
        st[2] += hu < -700 ? 1 : 0;
        st[4] += hu > -50 && hu < 150 ? 1 : 0;
        st[5] += hu > 400 ? 1 : 0;
      }
    }
    return stats;
  }

  private static double mean(Map<OrganLabel, double[]> stats, OrganLabel organ) {
    double[] s = stats.get(organ);
    assertFalse(s[3] == 0, organ + " is visible");
    return s[1] / s[3];
  }

  private static boolean interior(RenderedSlice s, int i) {
    return interior(s, i, SIZE);
  }

  private static boolean interior(RenderedSlice s, int i, int columns) {
    byte label = s.labels()[i];
    int r = i / columns;
    int c = i % columns;
    return r > 0 && c > 0 && r < columns - 1 && c < columns - 1
        && s.labels()[i - 1] == label && s.labels()[i + 1] == label
        && s.labels()[i - columns] == label && s.labels()[i + columns] == label;
  }

  private static boolean hasSolidOrgan(RenderedSlice s) {
    for (byte b : s.labels()) {
      if (b >= 1 && b <= 4) {
        return true;
      }
    }
    return false;
  }

  private static int count(RenderedSlice s, OrganLabel organ) {
    int n = 0;
    for (byte b : s.labels()) {
      n += b == organ.value() ? 1 : 0;
    }
    return n;
  }

  private static void assertInRange(double value, double low, double high, String what) {
    assertTrue(value >= low && value <= high, what + ": " + value + " not in " + low + ".." + high);
  }
}
