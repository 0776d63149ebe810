package org.traumaflow.dicom;

import java.nio.file.Path;

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
    DisplayWindow window) {

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
    double[] position = ds.doubles(Tag.IMAGE_POSITION_PATIENT);
    double[] orientation = ds.doubles(Tag.IMAGE_ORIENTATION_PATIENT);
    double[] spacing = ds.doubles(Tag.PIXEL_SPACING);
    double[] center = ds.doubles(Tag.WINDOW_CENTER);
    double[] width = ds.doubles(Tag.WINDOW_WIDTH);
    return new SliceHeader(
        source,
        ds.string(Tag.SOP_INSTANCE_UID).orElse(""),
        ds.string(Tag.SERIES_INSTANCE_UID).orElse(""),
        ds.string(Tag.STUDY_INSTANCE_UID).orElse(""),
        ds.string(Tag.PATIENT_ID).orElse(""),
        ds.integer(Tag.INSTANCE_NUMBER).isPresent() ? ds.integer(Tag.INSTANCE_NUMBER).getAsInt() : null,
        position.length == 3 ? position : new double[0],
        orientation.length == 6 ? orientation : new double[0],
        spacing.length == 2 ? spacing : new double[0],
        ds.integer(Tag.ROWS).orElse(0),
        ds.integer(Tag.COLUMNS).orElse(0),
        ds.integer(Tag.SAMPLES_PER_PIXEL).orElse(1),
        Math.max(1, ds.integer(Tag.NUMBER_OF_FRAMES).orElse(1)),
        parsed.transferSyntax().uid(),
        ds.decimal(Tag.SLICE_THICKNESS).orElse(Double.NaN),
        new DisplayWindow(
            center.length > 0 ? center[0] : Double.NaN,
            width.length > 0 ? width[0] : Double.NaN,
            "MONOCHROME1".equals(ds.string(Tag.PHOTOMETRIC_INTERPRETATION).orElse(""))));
  }
}
