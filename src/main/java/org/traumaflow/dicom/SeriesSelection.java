package org.traumaflow.dicom;

import java.io.Serializable;
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
 * {@code min_slices} (at least this many files).
 *
 * @param modalities the Modality values selected, e.g. CT
 * @param excludedImageTypes ImageType values that leave a series out, e.g. LOCALIZER
 * @param axialToleranceDegrees the largest angle between the slice normal and the z axis
 * @param minSlices the fewest slices of a selected series
 */
public record SeriesSelection(List<String> modalities, List<String> excludedImageTypes, double axialToleranceDegrees, int minSlices)
    implements Serializable {

  public SeriesSelection {
    modalities = List.copyOf(modalities);
    excludedImageTypes = List.copyOf(excludedImageTypes);
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
    return new SeriesSelection(modalities, excludedImageTypes, axialToleranceDegrees, slices);
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
  }

  /** The angle between the slice normal and the z axis; 0 for axial slices, 90 for coronal or sagittal ones. */
  private static double tiltDegrees(double[] orientation) {
    double[] n = SeriesGeometry.normalOf(orientation);
    double length = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    return Math.toDegrees(Math.acos(Math.min(1, Math.abs(n[2]) / length)));
  }
}
