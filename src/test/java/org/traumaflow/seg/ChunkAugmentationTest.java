package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkAugmentationTest {
  static final int DEPTH = 16;
  static final int SIZE = 48;

  /**
   * A phantom chunk: a bright liver (0.9) off-centre in a dim body (0.2), a dimmer left kidney (0.4) near the
   * left edge; the liver mask covers exactly the bright voxels.
   */
  static SegmentationSample phantom() {
    int area = SIZE * SIZE;
    float[] image = new float[DEPTH * area];
    byte[] masks = new byte[Organ.COUNT * DEPTH * area];
    for (int d = 0; d < DEPTH; d++) {
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          int i = d * area + r * SIZE + c;
          boolean liver = d >= 3 && d < 12 && Math.hypot(r - 18, c - 28) < 9;
          boolean kidney = d >= 5 && d < 10 && Math.hypot(r - 30, c - 8) < 4;
          image[i] = liver ? 0.9f : kidney ? 0.4f : 0.2f;
          if (liver) {
            masks[Organ.LIVER.channel() * DEPTH * area + i] = 1;
          }
          if (kidney) {
            masks[Organ.LEFT_KIDNEY.channel() * DEPTH * area + i] = 1;
          }
        }
      }
    }
    return new SegmentationSample("p", "s", 0, DEPTH, SIZE, SIZE, image, masks);
  }

  @Test
  void anAugmentedChunkKeepsItsMasksOnItsOrgans() {
    SegmentationSample original = phantom();
    int area = SIZE * SIZE;
    int changed = 0;
    for (long seed = 0; seed < 8; seed++) {
      SegmentationSample augmented = ChunkAugmentation.standard().apply(original, new Random(seed));
      long liverVoxels = 0;
      long brightUnderLiver = 0;
      long bright = 0;
      for (int i = 0; i < DEPTH * area; i++) {
        boolean inLiver = augmented.masks()[Organ.LIVER.channel() * DEPTH * area + i] == 1;
        // Halfway between the liver and the body, whatever the jitter.
        boolean isBright = augmented.image()[i] > 0.55f;
        liverVoxels += inLiver ? 1 : 0;
        bright += isBright ? 1 : 0;
        brightUnderLiver += inLiver && isBright ? 1 : 0;
      }
      // Bilinear edges blur by under a pixel, so a few boundary voxels may disagree.
      assertTrue(brightUnderLiver >= 0.95 * liverVoxels, "seed " + seed + ": " + brightUnderLiver + " of " + liverVoxels + " liver voxels bright");
      assertTrue(brightUnderLiver >= 0.95 * bright, "seed " + seed + ": " + brightUnderLiver + " of " + bright + " bright voxels in the liver mask");
      long originalLiver = countOnes(Arrays.copyOfRange(original.masks(), 0, DEPTH * area));
      assertTrue(liverVoxels > 0.7 * originalLiver, "the liver stays in the chunk: " + liverVoxels + " of " + originalLiver);
      changed += Arrays.equals(augmented.masks(), original.masks()) ? 0 : 1;
    }
    assertTrue(changed >= 7, "the transforms move the organs: " + changed + " of 8 chunks changed");
  }

  @Test
  void theSameSeedGivesTheSameChunkAndAnotherSeedAnother() {
    SegmentationSample original = phantom();
    SegmentationSample a = ChunkAugmentation.standard().apply(original, new Random(42));
    SegmentationSample b = ChunkAugmentation.standard().apply(original, new Random(42));
    SegmentationSample c = ChunkAugmentation.standard().apply(original, new Random(43));
    assertEquals(a, b);
    assertFalse(a.equals(c));
  }

  @Test
  void aLeftRightFlipMirrorsTheKidneyIntoTheOtherKidneysChannel() {
    SegmentationSample original = phantom();
    ChunkAugmentation mirror = new ChunkAugmentation(1, true, 0, 0, 0, 0);
    SegmentationSample flipped = mirror.apply(original, new Random(1));
    int area = SIZE * SIZE;
    int d = 7;
    int r = 30;
    int left = Organ.LEFT_KIDNEY.channel() * DEPTH * area;
    int right = Organ.RIGHT_KIDNEY.channel() * DEPTH * area;
    // Every flip is drawn: slices, rows and columns all reverse.
    int sourceSlice = DEPTH - 1 - d;
    int sourceRow = SIZE - 1 - r;
    for (int c = 0; c < SIZE; c++) {
      assertEquals(original.masks()[left + sourceSlice * area + sourceRow * SIZE + (SIZE - 1 - c)], flipped.masks()[right + d * area + r * SIZE + c]);
      assertEquals(original.image()[sourceSlice * area + sourceRow * SIZE + (SIZE - 1 - c)], flipped.image()[d * area + r * SIZE + c], 1e-6);
    }
    assertEquals(0, countOnes(Arrays.copyOfRange(flipped.masks(), left, left + DEPTH * area)));
    assertEquals(countOnes(Arrays.copyOfRange(original.masks(), left, left + DEPTH * area)),
        countOnes(Arrays.copyOfRange(flipped.masks(), right, right + DEPTH * area)));
  }

  @Test
  void noAugmentationTrainsTheChunkAsItIs() {
    SegmentationSample original = phantom();
    assertSame(original, ChunkAugmentation.NONE.apply(original, new Random(3)));
    SegmentationSample brighter = new ChunkAugmentation(0, false, 0, 0, 0, 0.05).apply(original, new Random(3));
    assertArrayEquals(original.masks(), brighter.masks());
  }

  private static long countOnes(byte[] values) {
    long n = 0;
    for (byte v : values) {
      n += v;
    }
    return n;
  }
}
