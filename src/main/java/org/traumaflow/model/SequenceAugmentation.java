package org.traumaflow.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.traumaflow.sequence.SequenceSample;

/**
 * The stage-2 training augmentations (METHOD.md): horizontal flip, vertical flip, rotation by up
 * to {@code maxRotationDegrees} either way, and a perspective distortion, each drawn
 * independently with {@code probability}. The draws make one projective transform per sample,
 * applied alike to all 32 steps' images (bilinear) and aux masks (nearest), so images, masks and
 * steps stay aligned; pixels that come from outside the image are 0.
 *
 * <p>The perspective follows albumentations' {@code Perspective(scale=(0.05, 0.1),
 * keep_size=True)}: each corner moves inwards by the absolute value of a normal draw whose
 * standard deviation is drawn from {@code [minPerspective, maxPerspective]} (fractions of the
 * side), and the quadrilateral is stretched back to the full frame. Borders are filled with 0
 * where albumentations' rotation reflects: CT crops have black surroundings.
 *
 * @param probability the chance of each of the four transforms
 * @param maxRotationDegrees the largest rotation, either way
 * @param minPerspective the smallest standard deviation of the corner moves (fraction of the side)
 * @param maxPerspective the largest
 */
public record SequenceAugmentation(double probability, double maxRotationDegrees, double minPerspective, double maxPerspective) {

  public SequenceAugmentation {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("the probability must be in [0, 1], got " + probability);
    }
    if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
      throw new IllegalArgumentException("the rotation limit must be in [0, 180] degrees, got " + maxRotationDegrees);
    }
    if (!(minPerspective >= 0 && minPerspective <= maxPerspective && maxPerspective <= 0.2)) {
      throw new IllegalArgumentException("perspective scales must satisfy 0 <= min <= max <= 0.2, got " + minPerspective + ", " + maxPerspective);
    }
  }

  /** The method's: p = 0.5 each, rotation +-25 degrees, perspective scale 0.05..0.1. */
  public static SequenceAugmentation method() {
    return new SequenceAugmentation(0.5, 25, 0.05, 0.1);
  }

  /** {@code sample} under a transform drawn from {@code random}; the sample itself when none is drawn. */
  public SequenceSample apply(SequenceSample sample, Random random) {
    Homography transform = draw(random);
    return transform.equals(Homography.identity()) ? sample : warp(sample, transform);
  }

  /**
   * Each of {@code samples} under its own drawn transform. The draws are made in order from
   * {@code random}, so the result is the same as applying them one by one; the warps, about
   * 0.16 s per 384 x 384 window on one core, run in parallel.
   */
  public List<SequenceSample> applyAll(List<SequenceSample> samples, Random random) {
    List<Homography> transforms = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      transforms.add(draw(random));
    }
    return IntStream.range(0, samples.size())
        .parallel()
        .mapToObj(i -> transforms.get(i).equals(Homography.identity()) ? samples.get(i) : warp(samples.get(i), transforms.get(i)))
        .toList();
  }

  /** One draw of the transform, in normalised coordinates (see {@link Homography}). */
  Homography draw(Random random) {
    Homography transform = Homography.identity();
    if (random.nextDouble() < probability) {
      transform = Homography.scale(-1, 1).after(transform);
    }
    if (random.nextDouble() < probability) {
      transform = Homography.scale(1, -1).after(transform);
    }
    if (random.nextDouble() < probability) {
      double degrees = (2 * random.nextDouble() - 1) * maxRotationDegrees;
      transform = Homography.rotation(Math.toRadians(degrees)).after(transform);
    }
    if (random.nextDouble() < probability && maxPerspective > 0) {
      transform = perspective(random).after(transform);
    }
    return transform;
  }

  private Homography perspective(Random random) {
    double sigma = minPerspective + random.nextDouble() * (maxPerspective - minPerspective);
    double[] corners = {-1, -1, 1, -1, 1, 1, -1, 1};
    double[] moved = new double[8];
    for (int i = 0; i < 8; i++) {
      // Inwards, in normalised units (the side is 2 long), and never past a third of the side.
      double inwards = Math.min(2 * Math.abs(random.nextGaussian() * sigma), 0.66);
      moved[i] = corners[i] - Math.signum(corners[i]) * inwards;
    }
    return Homography.mapping(moved, corners);
  }

  /** {@code sample}'s images and masks under {@code transform}; targets and everything else kept. */
  static SequenceSample warp(SequenceSample sample, Homography transform) {
    Homography inverse = transform.inverse();
    int planes = SequenceSample.STEPS * SequenceSample.CHANNELS;
    byte[] images = Sampling.of(inverse, sample.size()).bilinear(sample.images(), planes);
    int maskPlanes = SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT;
    byte[] masks = Sampling.of(inverse, sample.maskSize()).nearest(sample.masks(), maskPlanes);
    return new SequenceSample(
        sample.patientId(), sample.seriesId(), sample.variant(), sample.window(), sample.size(), sample.sourceSlices(),
        images, sample.targets(), sample.maskSize(), masks);
  }

  /**
   * Where each output pixel of a {@code size x size} plane samples its source, computed once and
   * used for every plane: the source position in pixel units, or NaN when it lies outside.
   */
  private record Sampling(int size, double[] x, double[] y) {
    static Sampling of(Homography inverse, int size) {
      double[] x = new double[size * size];
      double[] y = new double[size * size];
      for (int r = 0; r < size; r++) {
        double v = (2.0 * r + 1) / size - 1;
        for (int c = 0; c < size; c++) {
          double[] source = inverse.apply((2.0 * c + 1) / size - 1, v);
          x[r * size + c] = ((source[0] + 1) * size - 1) / 2;
          y[r * size + c] = ((source[1] + 1) * size - 1) / 2;
        }
      }
      return new Sampling(size, x, y);
    }

    byte[] bilinear(byte[] planes, int count) {
      int area = size * size;
      byte[] out = new byte[planes.length];
      for (int i = 0; i < area; i++) {
        int x0 = (int) Math.floor(x[i]);
        int y0 = (int) Math.floor(y[i]);
        double fx = x[i] - x0;
        double fy = y[i] - y0;
        double[] weights = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        int[] index = {index(x0, y0), index(x0 + 1, y0), index(x0, y0 + 1), index(x0 + 1, y0 + 1)};
        for (int p = 0; p < count; p++) {
          int base = p * area;
          double value = 0;
          for (int k = 0; k < 4; k++) {
            if (index[k] >= 0) {
              value += weights[k] * (planes[base + index[k]] & 0xff);
            }
          }
          out[base + i] = (byte) Math.min(255, Math.round(value));
        }
      }
      return out;
    }

    byte[] nearest(byte[] planes, int count) {
      int area = size * size;
      byte[] out = new byte[planes.length];
      for (int i = 0; i < area; i++) {
        int source = index((int) Math.round(x[i]), (int) Math.round(y[i]));
        if (source >= 0) {
          for (int p = 0; p < count; p++) {
            out[p * area + i] = planes[p * area + source];
          }
        }
      }
      return out;
    }

    /** The flat index of pixel (col, row), or -1 outside the plane. */
    private int index(int col, int row) {
      return col >= 0 && row >= 0 && col < size && row < size ? row * size + col : -1;
    }
  }
}
