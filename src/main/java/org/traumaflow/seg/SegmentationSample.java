package org.traumaflow.seg;

import java.util.Arrays;

/**
 * One training chunk: {@code depth} consecutive stage-1 slices of one series and the organ masks
 * on them. Arrays are taken without copying.
 *
 * @param patientId the patient the chunk comes from (folds are split by patient)
 * @param seriesId the series the chunk comes from
 * @param firstSlice the series' stage-1 slice the chunk starts at
 * @param depth slices in the chunk
 * @param height rows of every slice
 * @param width columns of every slice
 * @param image {@code depth * height * width} values in [0, 1], slice-major then row-major
 * @param masks {@code Organ.COUNT * depth * height * width} values 0 or 1, organ-major, then
 *     slice, row, column (the {@link OrganMasks} layout)
 */
public record SegmentationSample(String patientId, String seriesId, int firstSlice, int depth, int height, int width, float[] image, byte[] masks) {

  public SegmentationSample {
    if (patientId == null || patientId.isBlank() || seriesId == null || seriesId.isBlank()) {
      throw new IllegalArgumentException("a sample needs a patient and a series id");
    }
    if (firstSlice < 0) {
      throw new IllegalArgumentException("the first slice cannot be negative, got " + firstSlice);
    }
    if (depth < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("sample dimensions must be positive, got " + depth + " x " + height + " x " + width);
    }
    long voxels = (long) depth * height * width;
    if (image == null || image.length != voxels) {
      throw new IllegalArgumentException("a " + depth + " x " + height + " x " + width + " sample needs " + voxels
          + " image values, got " + (image == null ? "none" : image.length));
    }
    if (masks == null || masks.length != voxels * Organ.COUNT) {
      throw new IllegalArgumentException("a " + depth + " x " + height + " x " + width + " sample needs "
          + voxels * Organ.COUNT + " mask values, got " + (masks == null ? "none" : masks.length));
    }
  }

  public int voxels() {
    return depth * height * width;
  }

  /** "patient/series from slice N": names this chunk in messages. */
  public String id() {
    return patientId + "/" + seriesId + " from slice " + firstSlice;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SegmentationSample o
        && o.patientId.equals(patientId)
        && o.seriesId.equals(seriesId)
        && o.firstSlice == firstSlice
        && o.depth == depth
        && o.height == height
        && o.width == width
        && Arrays.equals(o.image, image)
        && Arrays.equals(o.masks, masks);
  }

  @Override
  public int hashCode() {
    return id().hashCode() * 31 + Arrays.hashCode(image) * 17 + Arrays.hashCode(masks);
  }

  @Override
  public String toString() {
    return "SegmentationSample[" + id() + ", " + depth + " x " + height + " x " + width + "]";
  }
}
