package org.traumaflow.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compares decoded frames the way a reader of lossy images cares about: worst and mean error. */
public final class SampleComparison {

  private SampleComparison() {}

  /**
   * Asserts that no sample differs by more than {@code maxError} and that the mean absolute
   * error stays under {@code maxMeanError}.
   */
  public static void assertClose(int[] expected, int[] actual, int maxError, double maxMeanError, String what) {
    assertEquals(expected.length, actual.length, what + ": sample count");
    long sum = 0;
    int worst = 0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      int error = Math.abs(expected[i] - actual[i]);
      sum += error;
      if (error > worst) {
        worst = error;
        worstAt = i;
      }
    }
    double mean = (double) sum / expected.length;
    String summary = String.format("%s: max error %d (sample %d), mean %.4f", what, worst, worstAt, mean);
    assertTrue(worst <= maxError && mean <= maxMeanError, summary);
  }
}
