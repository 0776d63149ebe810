package org.traumaflow.dicom;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which series are scored, judged on their headers before any pixel is decoded, as MONAI
 * Deploy's series selector does: a study holds localizers, reformats and dose reports beside
 * the axial CT the models were trained on. Rules, in the order they are checked:
 * {@code modalities} (every file's Modality is one of them), {@code exclude_image_types} (no
 * file's ImageType holds one of them, e.g. LOCALIZER), {@code axial_tolerance_degrees} (the
 * slice normal is within this angle of the patient's z axis; gantry tilt stays inside) and
 * {@code min_slices} (at least this many files). Then the plausibility rules, for header values
 * that are finite but absurd and would be scored as if they were true: {@code pixel_spacing_mm}
 * (every PixelSpacing value in this range, and the same on every slice, within 1%),
 * {@code min_matrix} (Rows and Columns at least this) and, always, slices at more than one
 * position along the normal.
 *
 * @param modalities the Modality values selected, e.g. CT
 * @param excludedImageTypes ImageType values that leave a series out, e.g. LOCALIZER
 * @param axialToleranceDegrees the largest angle between the slice normal and the z axis
 * @param minSlices the fewest slices of a selected series
 * @param pixelSpacingMm the least and the largest plausible PixelSpacing value, in mm
 * @param minMatrix the fewest Rows and Columns of a slice
 */
public record SeriesSelection(List<String> modalities, List<String> excludedImageTypes, double axialToleranceDegrees, int minSlices,
    List<Double> pixelSpacingMm, int minMatrix) implements Serializable {
  /** PixelSpacing within this fraction is the same spacing (values are rounded to decimal text). */
  private static final double SAME_SPACING = 0.01;
  /** Slices closer than this along the normal are at one position. */
  private static final double SAME_POSITION_MM = 1e-3;

  public SeriesSelection {
    modalities = List.copyOf(modalities);
    excludedImageTypes = List.copyOf(excludedImageTypes);
    pixelSpacingMm = List.copyOf(pixelSpacingMm);
    if (pixelSpacingMm.size() != 2 || !(pixelSpacingMm.get(0) > 0 && pixelSpacingMm.get(0) <= pixelSpacingMm.get(1))
        || !Double.isFinite(pixelSpacingMm.get(1))) {
      throw new IllegalArgumentException("pixel_spacing_mm must be [least, largest], both positive and finite, got " + pixelSpacingMm);
    }
    if (minMatrix < 1) {
      throw new IllegalArgumentException("min_matrix must be at least 1, got " + minMatrix);
    }
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("modalities must name at least one modality");
    }
    if (!(axialToleranceDegrees >= 0 && axialToleranceDegrees <= 90)) {
      throw new IllegalArgumentException("axial_tolerance_degrees must be within 0..90, got " + axialToleranceDegrees);
    }
    if (minSlices < 1) {
      throw new IllegalArgumentException("min_slices must be at least 1, got " + minSlices);
    }
  }

  /** The same rules with another minimum of slices. */
  public SeriesSelection withMinSlices(int slices) {
    return new SeriesSelection(modalities, excludedImageTypes, axialToleranceDegrees, slices, pixelSpacingMm, minMatrix);
  }

  /**
   * Throws naming the first rule {@code headers} (the readable files of one series) break.
   *
   * @param name the series, for the message
   */
  public void check(String name, List<SliceHeader> headers) throws SeriesNotSelectedException {
    for (SliceHeader h : headers) {
      if (!modalities.contains(h.modality())) {
        throw new SeriesNotSelectedException(name, "modalities", h.source().shortName() + " has Modality '" + h.modality()
            + "', selected are " + modalities);
      }
    }
    for (SliceHeader h : headers) {
      Set<String> types = new TreeSet<>(h.imageType().stream().map(t -> t.toUpperCase(Locale.ROOT)).toList());
      for (String excluded : excludedImageTypes) {
        if (types.contains(excluded.toUpperCase(Locale.ROOT))) {
          throw new SeriesNotSelectedException(name, "exclude_image_types", h.source().shortName() + " has ImageType "
              + String.join("\\", h.imageType()));
        }
      }
    }
    for (SliceHeader h : headers) {
      if (h.orientation().length == 6) {
        double degrees = tiltDegrees(h.orientation());
        if (degrees > axialToleranceDegrees) {
          throw new SeriesNotSelectedException(name, "axial_tolerance_degrees", String.format(Locale.ROOT,
              "%s's slices are %.1f degrees from axial (ImageOrientationPatient %s), at most %s allowed",
              h.source().shortName(), degrees, DecimalString.format(h.orientation()), axialToleranceDegrees));
        }
      }
    }
    if (headers.size() < minSlices) {
      throw new SeriesNotSelectedException(name, "min_slices", headers.size() + " slice" + (headers.size() == 1 ? "" : "s")
          + ", at least " + minSlices + " needed");
    }
    checkPlausible(name, headers);
  }

  private void checkPlausible(String name, List<SliceHeader> headers) throws SeriesNotSelectedException {
    double least = pixelSpacingMm.get(0);
    double largest = pixelSpacingMm.get(1);
    for (SliceHeader h : headers) {
      for (double value : h.pixelSpacing()) {
        if (!(value >= least && value <= largest)) {
          throw new SeriesNotSelectedException(name, "pixel_spacing_mm", h.source().shortName() + " has PixelSpacing "
              + Arrays.toString(h.pixelSpacing()) + ", plausible are " + least + " to " + largest + " mm");
        }
      }
      if (h.rows() < minMatrix || h.columns() < minMatrix) {
        throw new SeriesNotSelectedException(name, "min_matrix", h.source().shortName() + " has " + h.rows() + " Rows x "
            + h.columns() + " Columns, at least " + minMatrix + " needed");
      }
    }
    if (headers.stream().map(SliceHeader::seriesInstanceUid).distinct().count() > 1
        || headers.stream().map(h -> h.rows() + "x" + h.columns()).distinct().count() > 1) {
      // Files of several series, or slices of several sizes: the assembler says so, which is the fault to report.
      return;
    }
    SliceHeader first = headers.isEmpty() ? null : headers.get(0);
    for (SliceHeader h : headers) {
      if (first.pixelSpacing().length == 2 && h.pixelSpacing().length == 2 && (differs(first.pixelSpacing()[0], h.pixelSpacing()[0])
          || differs(first.pixelSpacing()[1], h.pixelSpacing()[1]))) {
        throw new SeriesNotSelectedException(name, "pixel_spacing_mm", "PixelSpacing differs between slices: " + first.source().shortName()
            + " has " + Arrays.toString(first.pixelSpacing()) + ", " + h.source().shortName() + " " + Arrays.toString(h.pixelSpacing()));
      }
    }
    if (headers.size() > 1 && first.position().length == 3 && first.orientation().length == 6) {
      double[] normal = SeriesGeometry.normalOf(first.orientation());
      double at = along(normal, first.position());
      boolean allAtOne = headers.stream().allMatch(h -> h.position().length == 3 && Math.abs(along(normal, h.position()) - at) < SAME_POSITION_MM);
      if (allAtOne) {
        throw new SeriesNotSelectedException(name, "slice positions", "all " + headers.size() + " slices are at one position, ImagePositionPatient "
            + Arrays.toString(first.position()));
      }
    }
  }

  private static boolean differs(double a, double b) {
    return Math.abs(a - b) > SAME_SPACING * Math.max(Math.abs(a), Math.abs(b));
  }

  private static double along(double[] normal, double[] position) {
    return normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2];
  }

  /** The angle between the slice normal and the z axis; 0 for axial slices, 90 for coronal or sagittal ones. */
  private static double tiltDegrees(double[] orientation) {
    double[] n = SeriesGeometry.normalOf(orientation);
    double length = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    return Math.toDegrees(Math.acos(Math.min(1, Math.abs(n[2]) / length)));
  }
}
