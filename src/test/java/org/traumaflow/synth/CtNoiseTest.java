package org.traumaflow.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CtNoiseTest {
  private static final int SIZE = 256;
  private static final PixelEncoding UNSIGNED_12 = new PixelEncoding(12, 0, -1024, Double.NaN);

  @Test
  void noiseHasTheRequestedStandardDeviationAndIsSpatiallyCorrelated() {
    for (double sd : new double[] {6, 12, 30}) {
      short[] hu = render(40f, sd, 7, UNIT_NO_PADDING);
      double mean = Arrays.stream(toDoubles(hu)).average().orElseThrow();
      double variance = Arrays.stream(toDoubles(hu)).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertEquals(40, mean, 0.5, "noise is unbiased");
      assertEquals(sd, Math.sqrt(variance), 0.05 * sd + 0.3, "standard deviation");
      double neighbours = 0;
      int n = 0;
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c + 1 < SIZE; c++) {
          neighbours += (hu[r * SIZE + c] - mean) * (hu[r * SIZE + c + 1] - mean);
          n++;
        }
      }
      double correlation = neighbours / n / variance;
      assertTrue(correlation > 0.4 && correlation < 0.9, "grainy, not white: neighbour correlation " + correlation);
    }
  }

  @Test
  void valuesAreClampedToTheEncodingAndTheCornersPaddedWhenTheScannerDoes() {
    short[] air = render(-1000f, 30, 1, UNSIGNED_12);
    assertTrue(Arrays.stream(toDoubles(air)).min().orElseThrow() >= -1024, "unsigned -1024 intercept cannot go below -1024");
    PixelEncoding padded = new PixelEncoding(16, 1, -1024, -3024);
    short[] hu = render(40f, 10, 2, padded);
    assertEquals(-3024, hu[0], "corner");
    assertTrue(hu[(SIZE / 2) * SIZE + SIZE / 2] > -200, "centre is imaged");
  }

  @Test
  void theSameSeedGivesTheSameNoiseAndAnotherSeedOther() {
    assertTrue(Arrays.equals(render(0f, 10, 3, UNSIGNED_12), render(0f, 10, 3, UNSIGNED_12)));
    assertTrue(!Arrays.equals(render(0f, 10, 3, UNSIGNED_12), render(0f, 10, 4, UNSIGNED_12)));
  }

  private static final PixelEncoding UNIT_NO_PADDING = new PixelEncoding(16, 1, 0, Double.NaN);

  private static short[] render(float value, double sd, long seed, PixelEncoding encoding) {
    float[] clean = new float[SIZE * SIZE];
    Arrays.fill(clean, value);
    short[] hu = new short[SIZE * SIZE];
    new CtNoise(SIZE, SIZE).render(clean, SIZE, SIZE, sd, seed, encoding, hu);
    return hu;
  }

  private static double[] toDoubles(short[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
