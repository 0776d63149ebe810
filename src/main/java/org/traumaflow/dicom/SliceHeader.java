package org.traumaflow.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.traumaflow.dicom.data.DicomException;

/**
 * What series assembly needs of one image file, read from its header alone.
 *
 * @param source where it is
 * @param sopInstanceUid (0008,0018)
 * @param seriesInstanceUid (0020,000E)
 * @param studyInstanceUid (0020,000D)
 * @param patientId (0010,0020)
 * @param instanceNumber (0020,0013); null when absent
 * @param position (0020,0032); empty when absent
 * @param orientation (0020,0037); empty when absent
 * @param pixelSpacing (0028,0030); empty when absent
 * @param rows (0028,0010)
 * @param columns (0028,0011)
 * @param samplesPerPixel (0028,0002)
 * @param frames (0028,0008), 1 when absent
 * @param transferSyntaxUid how the file is encoded
 * @param sliceThickness (0018,0050); NaN when absent
 * @param window the file's display window
 * @param modality (0008,0060); empty when absent
 * @param imageType (0008,0008) values, e.g. ORIGINAL, PRIMARY, AXIAL; empty when absent
 */
public record SliceHeader(
    DicomSource source,
    String sopInstanceUid,
    String seriesInstanceUid,
    String studyInstanceUid,
    String patientId,
    Integer instanceNumber,
    double[] position,
    double[] orientation,
    double[] pixelSpacing,
    int rows,
    int columns,
    int samplesPerPixel,
    int frames,
    String transferSyntaxUid,
    double sliceThickness,
    DisplayWindow window,
    String modality,
    List<String> imageType) {

  /** Reads the header of {@code file} (pixel data is not read). */
  public static SliceHeader read(Path file) throws DicomException {
    return read(DicomSource.of(file));
  }

  /** Reads the header of {@code source} (pixel data is not read). */
  public static SliceHeader read(DicomSource source) throws DicomException {
    return of(source, Part10Reader.readHeader(source));
  }

  /** Extracts the header fields from a parsed file. */
  public static SliceHeader of(DicomSource source, DicomFile parsed) throws DicomException {
    DicomDataset ds = parsed.dataset();
    if (!parsed.hasPixelData()) {
      throw new NotAnImageException(
          parsed.source(), "no pixel data (SOP class " + ds.string(Tag.SOP_CLASS_UID).orElse("unknown") + ")");
    }
    double[] position = present(parsed, Tag.IMAGE_POSITION_PATIENT, "ImagePositionPatient", 3);
    double[] orientation = present(parsed, Tag.IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient", 6);
    double[] spacing = present(parsed, Tag.PIXEL_SPACING, "PixelSpacing", 2);
    if (spacing.length == 2 && !(spacing[0] > 0 && spacing[1] > 0)) {
      throw new MalformedDicomException(parsed.source(), "PixelSpacing " + Arrays.toString(spacing) + " is not positive");
    }
    if (orientation.length == 6 && vectorLength(SeriesGeometry.normalOf(orientation)) < 1e-3) {
      throw new MalformedDicomException(parsed.source(),
          "ImageOrientationPatient " + Arrays.toString(orientation) + " has parallel row and column directions");
    }
    String instanceNumber = ds.string(Tag.INSTANCE_NUMBER).orElse("").trim();
    if (!instanceNumber.isEmpty() && ds.integer(Tag.INSTANCE_NUMBER).isEmpty()) {
      // Ordering and duplicate checks rely on it: a value read as absent would hide both.
      throw new MalformedDicomException(parsed.source(), "InstanceNumber '" + instanceNumber + "' is not an integer");
    }
    double[] center = ds.doubles(Tag.WINDOW_CENTER);
    double[] width = ds.doubles(Tag.WINDOW_WIDTH);
    return new SliceHeader(
        source,
        ds.string(Tag.SOP_INSTANCE_UID).orElse(""),
        ds.string(Tag.SERIES_INSTANCE_UID).orElse(""),
        ds.string(Tag.STUDY_INSTANCE_UID).orElse(""),
        ds.string(Tag.PATIENT_ID).orElse(""),
        ds.integer(Tag.INSTANCE_NUMBER).isPresent() ? ds.integer(Tag.INSTANCE_NUMBER).getAsInt() : null,
        position,
        orientation,
        spacing,
        ds.integer(Tag.ROWS).orElse(0),
        ds.integer(Tag.COLUMNS).orElse(0),
        ds.integer(Tag.SAMPLES_PER_PIXEL).orElse(1),
        Math.max(1, ds.integer(Tag.NUMBER_OF_FRAMES).orElse(1)),
        parsed.transferSyntax().uid(),
        ds.decimal(Tag.SLICE_THICKNESS).orElse(Double.NaN),
        new DisplayWindow(
            center.length > 0 ? center[0] : Double.NaN,
            width.length > 0 ? width[0] : Double.NaN,
            "MONOCHROME1".equals(ds.string(Tag.PHOTOMETRIC_INTERPRETATION).orElse(""))),
        ds.string(Tag.MODALITY).orElse(""),
        ds.strings(Tag.IMAGE_TYPE));
  }

  /**
   * The numbers of a geometry attribute; empty when absent. Present but not {@code count}
   * finite numbers ("NaN", "abc", a missing value) is an error: guessing the geometry of a
   * slice would misplace it silently.
   */
  private static double[] present(DicomFile parsed, int tag, String name, int count) throws MalformedDicomException {
    if (parsed.dataset().string(tag).isEmpty()) {
      return new double[0];
    }
    double[] values = parsed.dataset().doubles(tag);
    if (values.length != count) {
      throw new MalformedDicomException(parsed.source(), name + " '" + parsed.dataset().string(tag).orElse("")
          + "' is not " + count + " finite numbers");
    }
    return values;
  }

  private static double vectorLength(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }
}
