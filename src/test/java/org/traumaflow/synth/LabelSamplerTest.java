package org.traumaflow.synth;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.testing.SmallDataset;

import static org.junit.jupiter.api.Assertions.assertEquals;


class LabelSamplerTest {
  private static final int ROWS = 2000;
  /** Binomial sd at p = 0.27 and n = 2000 is 1 point; 4 points leaves room for the seed. */
  private static final double TOLERANCE = 0.04;

  @Test
  void labelPrevalenceMatchesTheRealTrainCsvWithinAFewPoints() {
    List<String> real = SmallDataset.lines(SmallDataset.reference("train.csv"));
    double[] reference = prevalence(real.subList(1, real.size()));
    LabelSampler sampler = new LabelSampler(false);
    double[] generated = new double[reference.length];
    for (int i = 0; i < ROWS; i++) {
      List<Integer> row = sampler.sample(Rng.derive(7, i)).columns();
      for (int c = 0; c < generated.length; c++) {
        generated[c] += row.get(c) / (double) ROWS;
      }
    }
    List<String> columns = LabelTables.TRAIN_COLUMNS.subList(1, LabelTables.TRAIN_COLUMNS.size());
    for (int c = 0; c < reference.length; c++) {
      assertEquals(reference[c], generated[c], TOLERANCE, columns.get(c) + ": generated prevalence vs the real train.csv");
    }
  }

  @Test
  void balancedSamplingInjuresHalfThePatientsWithTheRealMixOfInjuries() {
    LabelSampler sampler = new LabelSampler(true);
    int injured = 0;
    int spleen = 0;
    for (int i = 0; i < ROWS; i++) {
      PatientLabels labels = sampler.sample(Rng.derive(11, i));
      injured += labels.anyInjury() ? 1 : 0;
      spleen += labels.spleen().injured() ? 1 : 0;
    }
    assertEquals(0.5, injured / (double) ROWS, TOLERANCE);
    // Among injured real patients 41% have a spleen injury (353 of 855).
    assertEquals(0.41, spleen / (double) injured, 0.05);
  }

  @Test
  void anyInjuryIsTheMaximumOverTheGroupsAndEachGroupIsOneHot() {
    LabelSampler sampler = new LabelSampler(false);
    for (int i = 0; i < ROWS; i++) {
      List<Integer> row = sampler.sample(Rng.derive(3, i)).columns();
      assertEquals(1, row.get(0) + row.get(1), "bowel one-hot");
      assertEquals(1, row.get(2) + row.get(3), "extravasation one-hot");
      for (int organ = 0; organ < 3; organ++) {
        assertEquals(1, row.get(4 + 3 * organ) + row.get(5 + 3 * organ) + row.get(6 + 3 * organ), "organ one-hot");
      }
      int anyUnhealthy = (row.get(0) == 0 || row.get(2) == 0 || row.get(4) == 0 || row.get(7) == 0 || row.get(10) == 0) ? 1 : 0;
      assertEquals(anyUnhealthy, row.get(13), "any_injury");
    }
  }

  @Test
  void theSameSeedGivesTheSameLabels() {
    LabelSampler sampler = new LabelSampler(false);
    for (int i = 0; i < 100; i++) {
      assertEquals(sampler.sample(i), new LabelSampler(false).sample(i));
    }
  }

  private static double[] prevalence(List<String> rows) {
    double[] p = new double[LabelTables.TRAIN_COLUMNS.size() - 1];
    for (String line : rows) {
      String[] cells = line.split(",");
      for (int c = 0; c < p.length; c++) {
        p[c] += Integer.parseInt(cells[c + 1]) / (double) rows.size();
      }
    }
    return p;
  }
}
