package org.traumaflow.dicom;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The attributes every instance TraumaFlow writes back into a study shares: the study's own
 * patient and study attributes ({@link StudyHeader}), a new series of its own, the equipment
 * (this software, by name and version) and the SOP common attributes.
 */
final class ResultsDataset {
  static final String MANUFACTURER = "TraumaFlow";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

  private ResultsDataset() {}

  /** The jar's version; classes run from a build folder have none. */
  private static String softwareVersion() {
    String version = ResultsDataset.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /**
   * A dataset with these attributes filled in; the caller adds what its IOD needs.
   *
   * @param created when the content was made, written as ContentDate and ContentTime in UTC
   */
  static DatasetEncoder start(StudyHeader study, String sopClassUid, String sopInstanceUid, String modality,
      String seriesInstanceUid, int seriesNumber, String seriesDescription, int instanceNumber, ZonedDateTime created) {
    ZonedDateTime utc = created.withZoneSameInstant(ZoneOffset.UTC);
    DatasetEncoder dataset = new DatasetEncoder()
        .text(Tag.SOP_CLASS_UID, VR.UI, sopClassUid)
        .text(Tag.SOP_INSTANCE_UID, VR.UI, sopInstanceUid)
        .text(Tag.MODALITY, VR.CS, modality)
        .text(Tag.MANUFACTURER, VR.LO, MANUFACTURER)
        .text(Tag.SERIES_DESCRIPTION, VR.LO, seriesDescription)
        .text(Tag.SOFTWARE_VERSIONS, VR.LO, softwareVersion())
        .text(Tag.SERIES_INSTANCE_UID, VR.UI, seriesInstanceUid)
        .text(Tag.SERIES_NUMBER, VR.IS, Integer.toString(seriesNumber))
        .text(Tag.INSTANCE_NUMBER, VR.IS, Integer.toString(instanceNumber))
        .text(Tag.CONTENT_DATE, VR.DA, DATE.format(utc))
        .text(Tag.CONTENT_TIME, VR.TM, TIME.format(utc));
    study.writeTo(dataset);
    return dataset;
  }
}
