package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;
import org.traumaflow.sequence.SequenceSample;

class SequenceAugmentationTest {
  static final int SIZE = 48;
  static final int MASK = 16;

  /**
   * Every step the same picture: a bright square off centre (rows 6..17, columns 24..35 of 48) and
   * its liver mask at 16 x 16 (rows 2..5, columns 8..11), so the two can be compared after a warp.
   */
  static SequenceSample square() {
    byte[] images = new byte[32 * 3 * SIZE * SIZE];
    byte[] masks = new byte[32 * MaskOrgan.COUNT * MASK * MASK];
    for (int step = 0; step < 32; step++) {
      for (int ch = 0; ch < 3; ch++) {
        for (int r = 6; r < 18; r++) {
          Arrays.fill(images, ((step * 3 + ch) * SIZE + r) * SIZE + 24, ((step * 3 + ch) * SIZE + r) * SIZE + 36, (byte) 200);
        }
      }
      for (int r = 2; r < 6; r++) {
        Arrays.fill(masks, ((step * MaskOrgan.COUNT) * MASK + r) * MASK + 8, ((step * MaskOrgan.COUNT) * MASK + r) * MASK + 12, (byte) 1);
      }
    }
    float[] targets = new float[32 * 11];
    targets[5] = 0.7f;
    return new SequenceSample(1, "1.2", "ours", 0, SIZE, new int[96], images, targets, MASK, masks);
  }

  /** The centre of the pixels of plane {@code plane} at or above {@code threshold}, in normalised coordinates. */
  static double[] centre(byte[] planes, int plane, int size, int threshold) {
    double x = 0;
    double y = 0;
    int n = 0;
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        if ((planes[plane * size * size + r * size + c] & 0xff) >= threshold) {
          x += (2.0 * c + 1) / size - 1;
          y += (2.0 * r + 1) / size - 1;
          n++;
        }
      }
    }
    return new double[] {x / n, y / n};
  }

  @Test
  void withNothingDrawnTheSampleIsReturnedAsItIs() {
    SequenceSample sample = square();
    assertSame(sample, new SequenceAugmentation(0, 0, 0, 0).apply(sample, new Random(1)));
    assertEquals(Homography.identity(), new SequenceAugmentation(0, 25, 0.05, 0.1).draw(new Random(2)));
  }

  @Test
  void aHorizontalFlipMirrorsImagesAndMasksExactly() {
    SequenceSample sample = square();
    SequenceSample flipped = SequenceAugmentation.warp(sample, Homography.scale(-1, 1));
    for (int plane = 0; plane < 96; plane += 17) {
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          assertEquals(sample.images()[(plane * SIZE + r) * SIZE + SIZE - 1 - c], flipped.images()[(plane * SIZE + r) * SIZE + c]);
        }
      }
    }
    for (int r = 0; r < MASK; r++) {
      for (int c = 0; c < MASK; c++) {
        assertEquals(sample.masks()[r * MASK + MASK - 1 - c], flipped.masks()[r * MASK + c]);
      }
    }
    assertArrayEquals(sample.targets(), flipped.targets());
  }

  @Test
  void aVerticalFlipMirrorsRows() {
    SequenceSample sample = square();
    SequenceSample flipped = SequenceAugmentation.warp(sample, Homography.scale(1, -1));
    assertArrayEquals(new double[] {centre(sample.images(), 0, SIZE, 128)[0], -centre(sample.images(), 0, SIZE, 128)[1]},
        centre(flipped.images(), 0, SIZE, 128), 1e-9);
  }

  @Test
  void drawnTransformsMoveImagesAndMasksTogetherAndAlikeOnEveryStep() {
    SequenceSample sample = square();
    SequenceAugmentation always = new SequenceAugmentation(1, 25, 0.05, 0.1);
    Random random = new Random(7);
    for (int draw = 0; draw < 5; draw++) {
      SequenceSample warped = always.apply(sample, random);
      assertNotEquals(Arrays.hashCode(sample.images()), Arrays.hashCode(warped.images()));
      double[] image = centre(warped.images(), 0, SIZE, 128);
      double[] mask = centre(warped.masks(), 0, MASK, 1);
      // within a mask pixel (2/16 in normalised units)
      assertArrayEquals(image, mask, 0.125, "draw " + draw);
      int plane = 3 * SIZE * SIZE;
      for (int step = 1; step < 32; step++) {
        assertArrayEquals(Arrays.copyOfRange(warped.images(), 0, plane), Arrays.copyOfRange(warped.images(), step * plane, (step + 1) * plane));
      }
      assertArrayEquals(sample.targets(), warped.targets());
    }
  }

  @Test
  void rotationsStayWithinTheLimit() {
    SequenceAugmentation rotateOnly = new SequenceAugmentation(1, 25, 0, 0);
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      // With both flips drawn (p = 1), the transform is a rotation by 180 degrees plus the drawn angle.
      double[] m = Homography.scale(-1, -1).after(rotateOnly.draw(random)).m();
      double degrees = Math.toDegrees(Math.atan2(m[3], m[0]));
      assertTrue(Math.abs(degrees) <= 25 + 1e-9, "angle " + degrees);
    }
  }

  @Test
  void aHomographyFromFourPointsMapsThemAndInvertsBack() {
    double[] from = {-0.9, -0.8, 0.95, -0.9, 0.85, 0.9, -0.8, 0.95};
    double[] to = {-1, -1, 1, -1, 1, 1, -1, 1};
    Homography h = Homography.mapping(from, to);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(new double[] {to[2 * i], to[2 * i + 1]}, h.apply(from[2 * i], from[2 * i + 1]), 1e-12);
    }
    double[] back = h.inverse().after(h).apply(0.3, -0.2);
    assertArrayEquals(new double[] {0.3, -0.2}, back, 1e-12);
  }

  @Test
  void aBatchAugmentedTogetherEqualsItsWindowsAugmentedOneByOne() {
    List<SequenceSample> samples = List.of(square(), square(), square(), square());
    SequenceAugmentation augmentation = SequenceAugmentation.method();
    List<SequenceSample> together = augmentation.applyAll(samples, new Random(12));
    Random random = new Random(12);
    for (int i = 0; i < samples.size(); i++) {
      assertEquals(augmentation.apply(samples.get(i), random), together.get(i), "window " + i);
    }
  }
}
