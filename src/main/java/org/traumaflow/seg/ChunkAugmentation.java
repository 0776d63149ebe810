package org.traumaflow.seg;

import java.util.Random;

/**
 * The stage-1 training augmentations of 3D segmentation practice, drawn per chunk: flips along
 * the slice axis and the row (front-back) axis, each with {@code flipProbability}; an optional
 * left-right flip; an in-plane rotation and scaling about the slice centre; and an intensity
 * jitter (contrast and brightness). One geometric transform per chunk moves the image (bilinear)
 * and its masks (nearest) alike, so they stay aligned; what comes from outside the chunk is 0
 * (air in the soft-tissue window, background in the masks).
 *
 * <p>Left-right flips are off by default: liver and spleen, and the two kidney channels, are told
 * apart partly by their side. When on, the left and right kidney channels swap, so a flipped
 * chunk's left kidney is still the patient's left one. Rotation and scaling stay in-plane because
 * stage-1 slices are further apart than their pixels.
 *
 * @param flipProbability chance of a flip along the slices and, separately, along the rows
 * @param flipLeftRight whether columns are flipped too (with the same chance)
 * @param maxRotationDegrees the largest in-plane rotation, either way
 * @param maxScaleChange the largest in-plane zoom, as a fraction either way (0.1: 0.9 to 1.1)
 * @param maxContrastChange the largest change of the intensity scale, as a fraction either way
 * @param maxBrightnessShift the largest intensity offset, in the [0, 1] window's units
 */
public record ChunkAugmentation(
    double flipProbability,
    boolean flipLeftRight,
    double maxRotationDegrees,
    double maxScaleChange,
    double maxContrastChange,
    double maxBrightnessShift) {

  /** No augmentation: every chunk is trained as it is. */
  public static final ChunkAugmentation NONE = new ChunkAugmentation(0, false, 0, 0, 0, 0);

  public ChunkAugmentation {
    if (!(flipProbability >= 0 && flipProbability <= 1)) {
      throw new IllegalArgumentException("the flip probability must be in [0, 1], got " + flipProbability);
    }
    if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 45)) {
      throw new IllegalArgumentException("the rotation limit must be 0..45 degrees, got " + maxRotationDegrees);
    }
    if (!(maxScaleChange >= 0 && maxScaleChange < 0.5)) {
      throw new IllegalArgumentException("the scale change must be in [0, 0.5), got " + maxScaleChange);
    }
    if (!(maxContrastChange >= 0 && maxContrastChange < 1) || !(maxBrightnessShift >= 0 && maxBrightnessShift <= 0.5)) {
      throw new IllegalArgumentException(
          "the contrast change must be in [0, 1) and the brightness shift in [0, 0.5], got " + maxContrastChange + " and " + maxBrightnessShift);
    }
  }

  /** The default: flips p = 0.5 (slices, rows), rotation up to 10 degrees, zoom 0.9..1.1, contrast +-10%, brightness +-0.05. */
  public static ChunkAugmentation standard() {
    return new ChunkAugmentation(0.5, false, 10, 0.1, 0.1, 0.05);
  }

  /**
   * {@code sample} under a transform drawn from {@code random}. Every call takes the same number
   * of draws, so a seeded generator gives the same chunks in the same order.
   */
  public SegmentationSample apply(SegmentationSample sample, Random random) {
    if (equals(NONE)) {
      return sample;
    }
    boolean flipSlices = random.nextDouble() < flipProbability;
    boolean flipRows = random.nextDouble() < flipProbability;
    boolean flipColumns = random.nextDouble() < flipProbability && flipLeftRight;
    double angle = Math.toRadians(symmetric(random, maxRotationDegrees));
    double scale = 1 + symmetric(random, maxScaleChange);
    double contrast = 1 + symmetric(random, maxContrastChange);
    double brightness = symmetric(random, maxBrightnessShift);
    InPlane plane = InPlane.of(sample.height(), sample.width(), angle, scale, flipRows, flipColumns);
    int depth = sample.depth();
    int area = sample.height() * sample.width();
    float[] image = new float[sample.image().length];
    byte[] masks = new byte[sample.masks().length];
    for (int d = 0; d < depth; d++) {
      int source = flipSlices ? depth - 1 - d : d;
      plane.bilinear(sample.image(), source * area, image, d * area);
      for (Organ organ : Organ.values()) {
        Organ target = flipColumns ? mirrored(organ) : organ;
        plane.nearest(sample.masks(), (organ.channel() * depth + source) * area, masks, (target.channel() * depth + d) * area);
      }
    }
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) Math.min(1, Math.max(0, image[i] * contrast + brightness));
    }
    return new SegmentationSample(sample.patientId(), sample.seriesId(), sample.firstSlice(), depth, sample.height(), sample.width(), image, masks);
  }

  private static double symmetric(Random random, double limit) {
    return (2 * random.nextDouble() - 1) * limit;
  }

  private static Organ mirrored(Organ organ) {
    return switch (organ) {
      case LEFT_KIDNEY -> Organ.RIGHT_KIDNEY;
      case RIGHT_KIDNEY -> Organ.LEFT_KIDNEY;
      default -> organ;
    };
  }

  /**
   * For each output pixel of a plane, where it samples its source plane (pixel units, about the
   * plane's centre): the inverse of zoom after rotation after the flips, computed once per chunk.
   */
  private record InPlane(int rows, int columns, double[] sourceRow, double[] sourceColumn) {
    static InPlane of(int rows, int columns, double angle, double scale, boolean flipRows, boolean flipColumns) {
      double centreRow = (rows - 1) / 2.0;
      double centreColumn = (columns - 1) / 2.0;
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      double[] sourceRow = new double[rows * columns];
      double[] sourceColumn = new double[rows * columns];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          double x = (c - centreColumn) / scale;
          double y = (r - centreRow) / scale;
          double unrotatedX = cos * x + sin * y;
          double unrotatedY = -sin * x + cos * y;
          sourceColumn[r * columns + c] = (flipColumns ? -unrotatedX : unrotatedX) + centreColumn;
          sourceRow[r * columns + c] = (flipRows ? -unrotatedY : unrotatedY) + centreRow;
        }
      }
      return new InPlane(rows, columns, sourceRow, sourceColumn);
    }

    void bilinear(float[] from, int fromOffset, float[] to, int toOffset) {
      for (int i = 0; i < sourceRow.length; i++) {
        int r0 = (int) Math.floor(sourceRow[i]);
        int c0 = (int) Math.floor(sourceColumn[i]);
        double fr = sourceRow[i] - r0;
        double fc = sourceColumn[i] - c0;
        double value = (1 - fr) * ((1 - fc) * at(from, fromOffset, r0, c0) + fc * at(from, fromOffset, r0, c0 + 1))
            + fr * ((1 - fc) * at(from, fromOffset, r0 + 1, c0) + fc * at(from, fromOffset, r0 + 1, c0 + 1));
        to[toOffset + i] = (float) value;
      }
    }

    void nearest(byte[] from, int fromOffset, byte[] to, int toOffset) {
      for (int i = 0; i < sourceRow.length; i++) {
        int r = (int) Math.round(sourceRow[i]);
        int c = (int) Math.round(sourceColumn[i]);
        if (r >= 0 && c >= 0 && r < rows && c < columns) {
          to[toOffset + i] = from[fromOffset + r * columns + c];
        }
      }
    }

    private float at(float[] plane, int offset, int r, int c) {
      return r >= 0 && c >= 0 && r < rows && c < columns ? plane[offset + r * columns + c] : 0;
    }
  }
}
