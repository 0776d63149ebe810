package org.traumaflow.dicom;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * A study's key images as a Secondary Capture series in the study: 8-bit RGB, uncompressed
 * (Explicit VR Little Endian), one instance per image, so a PACS viewer shows them beside the CT.
 * The drawn masks and crop box are burned in.
 */
public final class KeyImageSeries {
  public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

  /**
   * One key image.
   *
   * @param sopInstanceUid its instance UID
   * @param rows its height
   * @param columns its width
   * @param rgb rows x columns pixels, row-major, three bytes (R, G, B) each
   */
  public record KeyImage(String sopInstanceUid, int rows, int columns, byte[] rgb) {
    public KeyImage {
      if (rows < 1 || columns < 1 || rows > 0xFFFF || columns > 0xFFFF || rgb.length != rows * columns * 3) {
        throw new IllegalArgumentException(rgb.length + " bytes for " + rows + "x" + columns + " RGB pixels");
      }
    }
  }

  private KeyImageSeries() {}

  /**
   * The images as Part 10 instances of one new series of the study, numbered in the given order.
   *
   * @param study the study's own header, whose patient and study attributes they carry
   * @param seriesInstanceUid the new series
   * @param description what the series shows, e.g. which series the images come from
   */
  public static List<DicomInstance> write(StudyHeader study, String seriesInstanceUid, String description, List<KeyImage> images,
      ZonedDateTime created) {
    List<DicomInstance> instances = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      KeyImage image = images.get(i);
      DatasetEncoder dataset = ResultsDataset.start(study, SECONDARY_CAPTURE, image.sopInstanceUid(), "OT", seriesInstanceUid,
          TraumaFindingsReport.SERIES_NUMBER + 1, description, i + 1, created)
          .text(Tag.IMAGE_TYPE, VR.CS, "DERIVED\\SECONDARY")
          .text(Tag.CONVERSION_TYPE, VR.CS, "WSD")
          .text(Tag.LATERALITY, VR.CS, "")
          .text(Tag.PATIENT_ORIENTATION, VR.CS, "")
          .text(Tag.BURNED_IN_ANNOTATION, VR.CS, "NO")
          .text(Tag.LOSSY_IMAGE_COMPRESSION, VR.CS, "00")
          .unsignedShort(Tag.SAMPLES_PER_PIXEL, 3)
          .text(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "RGB")
          .unsignedShort(Tag.PLANAR_CONFIGURATION, 0)
          .unsignedShort(Tag.ROWS, image.rows())
          .unsignedShort(Tag.COLUMNS, image.columns())
          .unsignedShort(Tag.BITS_ALLOCATED, 8)
          .unsignedShort(Tag.BITS_STORED, 8)
          .unsignedShort(Tag.HIGH_BIT, 7)
          .unsignedShort(Tag.PIXEL_REPRESENTATION, 0)
          .bytes(Tag.PIXEL_DATA, VR.OB, image.rgb());
      instances.add(new DicomInstance(SECONDARY_CAPTURE, image.sopInstanceUid(), seriesInstanceUid,
          Part10Writer.bytes(SECONDARY_CAPTURE, image.sopInstanceUid(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dataset)));
    }
    return instances;
  }
}
