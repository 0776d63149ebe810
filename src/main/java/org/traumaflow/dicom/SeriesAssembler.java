package org.traumaflow.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders the slices of one series along the slice normal (row x column direction of
 * ImageOrientationPatient) by their ImagePositionPatient, as the method's "theo" variant and
 * every 3D viewer do; InstanceNumber orders them only when positions are missing, because
 * real exports number feet-first scans against the z axis.
 */
public final class SeriesAssembler {
  /** Positions closer than this along the normal are the same slice, mm. */
  private static final double SAME_POSITION_MM = 1e-3;
  /** A neighbour gap above this multiple of the median spacing means missing slices. */
  private static final double GAP_FACTOR = 1.5;
  private static final double ORIENTATION_TOLERANCE = 1e-4;
  private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

  private SeriesAssembler() {}

  /** Assembles headers that must all belong to one series; {@code source} names it in errors. */
  public static SeriesLayout assemble(String source, List<SliceHeader> headers) throws InconsistentSeriesException {
    if (headers.isEmpty()) {
      throw new InconsistentSeriesException(source, "no image files");
    }
    Set<String> seriesUids = new LinkedHashSet<>();
    headers.forEach(h -> seriesUids.add(h.seriesInstanceUid()));
    if (seriesUids.size() > 1) {
      throw new InconsistentSeriesException(source, "files of " + seriesUids.size() + " series: " + String.join(", ", seriesUids));
    }
    SliceHeader first = headers.get(0);
    for (SliceHeader h : headers) {
      if (h.rows() != first.rows() || h.columns() != first.columns()) {
        throw new InconsistentSeriesException(source, String.format(
            "mixed slice sizes: %s is %dx%d, %s is %dx%d",
            first.source().shortName(), first.rows(), first.columns(), h.source().shortName(), h.rows(), h.columns()));
      }
      if (h.samplesPerPixel() != 1) {
        throw new InconsistentSeriesException(source, h.source().shortName() + " is not a grayscale image (" + h.samplesPerPixel() + " samples per pixel)");
      }
    }
    if (headers.size() == 1 && first.frames() > 1) {
      return multiFrame(first);
    }
    for (SliceHeader h : headers) {
      if (h.frames() > 1) {
        throw new InconsistentSeriesException(source, h.source().shortName() + " is multi-frame inside a multi-file series");
      }
    }

    List<SeriesIssue> issues = new ArrayList<>();
    List<SliceHeader> unique = dropDuplicateInstances(headers, issues);
    double[] orientation = orientationOf(source, unique);
    double[] normal = SeriesGeometry.normalOf(orientation);
    boolean positioned = unique.stream().allMatch(h -> h.position().length == 3);
    List<SliceHeader> ordered = new ArrayList<>(unique);
    double[] positions;
    if (positioned) {
      ordered.sort(Comparator.<SliceHeader>comparingDouble(h -> dot(h.position(), normal))
          .thenComparing(h -> h.instanceNumber() == null ? Integer.MAX_VALUE : h.instanceNumber()));
      ordered = dropDuplicatePositions(ordered, normal, issues);
      positions = ordered.stream().mapToDouble(h -> dot(h.position(), normal)).toArray();
      reportGaps(positions, issues);
    } else {
      ordered.sort(Comparator.<SliceHeader>comparingInt(h -> h.instanceNumber() == null ? Integer.MAX_VALUE : h.instanceNumber())
          .thenComparing(h -> h.source().name()));
      double step = Double.isFinite(first.sliceThickness()) && first.sliceThickness() > 0 ? first.sliceThickness() : 1.0;
      positions = new double[ordered.size()];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i * step;
      }
      issues.add(new SeriesIssue(SeriesIssue.Kind.NO_POSITIONS,
          "ImagePositionPatient missing: ordered by InstanceNumber, " + step + " mm spacing assumed"));
    }
    reportDuplicateInstanceNumbers(ordered, issues);
    SliceHeader lead = ordered.get(0);
    SeriesGeometry geometry = new SeriesGeometry(
        first.rows(), first.columns(), spacingOf(lead), orientation,
        lead.position().length == 3 ? lead.position() : new double[3], positions);
    return new SeriesLayout(List.copyOf(ordered), geometry, List.copyOf(issues));
  }

  private static SeriesLayout multiFrame(SliceHeader file) {
    double step = Double.isFinite(file.sliceThickness()) && file.sliceThickness() > 0 ? file.sliceThickness() : 1.0;
    double[] positions = new double[file.frames()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i * step;
    }
    double[] orientation = file.orientation().length == 6 ? file.orientation() : AXIAL;
    SeriesGeometry geometry = new SeriesGeometry(
        file.rows(), file.columns(), spacingOf(file), orientation,
        file.position().length == 3 ? file.position() : new double[3], positions);
    return new SeriesLayout(List.of(file), geometry, List.of());
  }

  private static List<SliceHeader> dropDuplicateInstances(List<SliceHeader> headers, List<SeriesIssue> issues) {
    Set<String> seen = new HashSet<>();
    List<SliceHeader> unique = new ArrayList<>();
    List<SliceHeader> sorted = new ArrayList<>(headers);
    sorted.sort(Comparator.comparing(h -> h.source().name()));
    for (SliceHeader h : sorted) {
      if (!h.sopInstanceUid().isEmpty() && !seen.add(h.sopInstanceUid())) {
        issues.add(new SeriesIssue(SeriesIssue.Kind.DUPLICATE_INSTANCE,
            h.source().shortName() + " repeats SOP Instance UID " + h.sopInstanceUid()));
        continue;
      }
      unique.add(h);
    }
    return unique;
  }

  private static List<SliceHeader> dropDuplicatePositions(List<SliceHeader> ordered, double[] normal, List<SeriesIssue> issues) {
    List<SliceHeader> kept = new ArrayList<>();
    for (SliceHeader h : ordered) {
      if (!kept.isEmpty()) {
        SliceHeader previous = kept.get(kept.size() - 1);
        if (Math.abs(dot(h.position(), normal) - dot(previous.position(), normal)) < SAME_POSITION_MM) {
          issues.add(new SeriesIssue(SeriesIssue.Kind.DUPLICATE_POSITION, String.format(
              "%s and %s are both at %.3f mm; kept %s",
              previous.source().shortName(), h.source().shortName(), dot(h.position(), normal), previous.source().shortName())));
          continue;
        }
      }
      kept.add(h);
    }
    return kept;
  }

  private static void reportGaps(double[] positions, List<SeriesIssue> issues) {
    if (positions.length < 3) {
      return;
    }
    double[] gaps = new double[positions.length - 1];
    for (int i = 0; i < gaps.length; i++) {
      gaps[i] = positions[i + 1] - positions[i];
    }
    double[] sorted = gaps.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    for (int i = 0; i < gaps.length; i++) {
      if (gaps[i] > GAP_FACTOR * median) {
        issues.add(new SeriesIssue(SeriesIssue.Kind.GAP, String.format(
            "%.2f mm between slices %d and %d at %.2f mm (median spacing %.2f mm)", gaps[i], i, i + 1, positions[i], median)));
      }
    }
  }

  private static void reportDuplicateInstanceNumbers(List<SliceHeader> ordered, List<SeriesIssue> issues) {
    Set<Integer> seen = new HashSet<>();
    for (SliceHeader h : ordered) {
      if (h.instanceNumber() != null && !seen.add(h.instanceNumber())) {
        issues.add(new SeriesIssue(SeriesIssue.Kind.DUPLICATE_INSTANCE_NUMBER,
            "instance number " + h.instanceNumber() + " appears more than once (" + h.source().shortName() + ")"));
      }
    }
  }

  private static double[] orientationOf(String source, List<SliceHeader> headers) throws InconsistentSeriesException {
    double[] reference = null;
    for (SliceHeader h : headers) {
      if (h.orientation().length != 6) {
        continue;
      }
      if (reference == null) {
        reference = h.orientation();
      } else {
        for (int i = 0; i < 6; i++) {
          if (Math.abs(reference[i] - h.orientation()[i]) > ORIENTATION_TOLERANCE) {
            throw new InconsistentSeriesException(source,
                "mixed slice orientations: " + Arrays.toString(reference) + " and " + Arrays.toString(h.orientation())
                    + " (" + h.source().shortName() + ")");
          }
        }
      }
    }
    return reference == null ? AXIAL : reference;
  }

  private static double[] spacingOf(SliceHeader h) {
    return h.pixelSpacing().length == 2 ? h.pixelSpacing() : new double[] {1, 1};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
