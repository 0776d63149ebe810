package org.traumaflow.nifti;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuaternionFormTest {

  @Test
  void anyRotationWithOrWithoutReflectionSurvivesTheQuaternionRoundTrip() {
    Random random = new Random(5);
    for (int trial = 0; trial < 500; trial++) {
      // A random rotation from a random unit quaternion, then random voxel sizes and handedness.
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextGaussian();
      double d = random.nextGaussian();
      double n = Math.sqrt(a * a + b * b + c * c + d * d);
      a /= n;
      b /= n;
      c /= n;
      d /= n;
      double[][] r = {
        {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
        {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
        {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}
      };
      double[] size = {0.5 + random.nextDouble(), 0.5 + random.nextDouble(), (random.nextBoolean() ? -1 : 1) * (0.5 + 4 * random.nextDouble())};
      double[] linear = new double[9];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          linear[i * 3 + j] = r[i][j] * size[j];
        }
      }
      Affine affine = Affine.of(linear, new double[] {random.nextGaussian() * 100, random.nextGaussian() * 100, random.nextGaussian() * 100});
      Affine back = QuaternionForm.fromAffine(affine).toAffine();
      assertTrue(back.approximatelyEquals(affine, 1e-9), "trial " + trial + ": " + affine + " became " + back);
    }
  }

  @Test
  void axisFlipsAndPermutationsSurviveTheQuaternionRoundTrip() {
    int[][] permutations = {{0, 1, 2}, {1, 0, 2}, {2, 1, 0}, {0, 2, 1}, {1, 2, 0}, {2, 0, 1}};
    for (int[] p : permutations) {
      for (int signs = 0; signs < 8; signs++) {
        double[] linear = new double[9];
        for (int col = 0; col < 3; col++) {
          linear[p[col] * 3 + col] = ((signs >> col) & 1) == 1 ? -1.5 : 0.75;
        }
        Affine affine = Affine.of(linear, new double[] {1, 2, 3});
        assertTrue(QuaternionForm.fromAffine(affine).toAffine().approximatelyEquals(affine, 1e-9), affine.toString());
      }
    }
  }
}
