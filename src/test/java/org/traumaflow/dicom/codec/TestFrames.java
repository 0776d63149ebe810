package org.traumaflow.dicom.codec;

import java.util.Random;
import org.traumaflow.dicom.data.PixelDescription;

/** Seeded frames with the statistics the codecs meet, and the descriptions that go with them. */
public final class TestFrames {

  /** The kinds of content that stress a codec differently. */
  public enum Content {
    /** Every sample independent and uniform over Bits Stored: no runs at all. */
    RANDOM,
    /** Long runs of equal values broken by short random stretches, like masks or padding. */
    RUN_HEAVY,
    /** Smooth body-like 12-bit CT (air, soft tissue, bone ramps) plus noise, HU + 1024. */
    CT_LIKE
  }

  private TestFrames() {}

  public static PixelDescription grayscale(int rows, int columns, int bitsAllocated, int bitsStored, boolean signed) {
    return new PixelDescription(rows, columns, 1, bitsAllocated, bitsStored, bitsStored - 1,
        signed ? 1 : 0, "MONOCHROME2", 0, 1);
  }

  public static PixelDescription colour(int rows, int columns, int bitsAllocated) {
    return new PixelDescription(rows, columns, 3, bitsAllocated, bitsAllocated, bitsAllocated - 1, 0, "RGB", 0, 1);
  }

  /** Samples of {@code pixels}' shape, each within Bits Stored (unsigned bit patterns). */
  public static int[] frame(Content content, PixelDescription pixels, long seed) {
    Random random = new Random(seed);
    int n = pixels.samplesPerFrame();
    int bits = pixels.bitsStored();
    long range = 1L << bits;
    int[] samples = new int[n];
    switch (content) {
      case RANDOM -> {
        for (int i = 0; i < n; i++) {
          samples[i] = (int) (random.nextLong() & (range - 1));
        }
      }
      case RUN_HEAVY -> {
        int i = 0;
        while (i < n) {
          int value = (int) (random.nextLong() & (range - 1));
          int run = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 20 + random.nextInt(400);
          for (int k = 0; k < run && i < n; k++) {
            samples[i++] = random.nextInt(8) == 0 && run < 5 ? (int) (random.nextLong() & (range - 1)) : value;
          }
        }
      }
      case CT_LIKE -> {
        int rows = pixels.rows();
        int columns = pixels.columns() * pixels.samplesPerPixel();
        long max = range - 1;
        for (int y = 0; y < rows; y++) {
          for (int x = 0; x < columns; x++) {
            double dx = (x - columns / 2.0) / (columns / 2.0);
            double dy = (y - rows / 2.0) / (rows / 2.0);
            double r = Math.sqrt(dx * dx + dy * dy);
            // outside the body: air (0 = -1024 HU); inside: tissue around 1064, a bone ring
            double base = r > 0.9 ? 0 : r > 0.8 ? 1700 + 300 * Math.sin(10 * dx) : 1064 + 40 * Math.cos(6 * dx * dy);
            double value = base * max / 4095.0 + (r > 0.9 ? 0 : random.nextGaussian() * 12);
            samples[y * columns + x] = (int) Math.max(0, Math.min(max, Math.round(value)));
          }
        }
      }
    }
    return samples;
  }

  /** The low Bits Allocated bits of every sample: what a decoder must return for it. */
  public static int[] lowBits(int[] samples, int bitsAllocated, int count) {
    int[] low = new int[count];
    int mask = bitsAllocated == 32 ? -1 : (1 << bitsAllocated) - 1;
    for (int i = 0; i < count; i++) {
      low[i] = samples[i] & mask;
    }
    return low;
  }
}
