package org.traumaflow.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the results written back to an archive take from a scored series' own file: the patient
 * and study attributes, copied as they are (in the study's character set), and the instance that
 * stands for the series in the results' references. Nothing else of the patient is kept.
 *
 * @param studyInstanceUid the study the results belong to
 * @param seriesInstanceUid the scored series
 * @param sopClassUid the SOP class of the file read
 * @param sopInstanceUid the file's instance
 * @param copied the patient and general study attributes the file holds, each as read
 */
public record StudyHeader(String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid,
    List<DicomElement> copied) {
  /** Patient module and general study module: type 1 and 2 attributes, written empty when the study has none. */
  static final int[] STUDY_TAGS = {
    Tag.SPECIFIC_CHARACTER_SET, Tag.STUDY_DATE, Tag.STUDY_TIME, Tag.ACCESSION_NUMBER, Tag.REFERRING_PHYSICIAN_NAME,
    Tag.PATIENT_NAME, Tag.PATIENT_ID, Tag.PATIENT_BIRTH_DATE, Tag.PATIENT_SEX, Tag.STUDY_INSTANCE_UID, Tag.STUDY_ID};

  public StudyHeader {
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    copied = List.copyOf(copied);
  }

  /**
   * The header of one file of a scored series.
   *
   * @throws MalformedDicomException naming {@code source} when the file lacks a UID the results need
   */
  public static StudyHeader of(DicomFile file) throws MalformedDicomException {
    DicomDataset dataset = file.dataset();
    List<DicomElement> copied = new ArrayList<>();
    for (int tag : STUDY_TAGS) {
      dataset.element(tag).filter(e -> e.vr().text()).ifPresent(copied::add);
    }
    return new StudyHeader(required(file, Tag.STUDY_INSTANCE_UID), required(file, Tag.SERIES_INSTANCE_UID),
        required(file, Tag.SOP_CLASS_UID), required(file, Tag.SOP_INSTANCE_UID), copied);
  }

  private static String required(DicomFile file, int tag) throws MalformedDicomException {
    return file.dataset().string(tag).orElseThrow(() -> new MalformedDicomException(file.source(),
        "no " + Tag.format(tag) + ": the results cannot name the study or series"));
  }

  /** Writes the patient and study attributes: the study's own values, the missing ones empty. */
  void writeTo(DatasetEncoder dataset) {
    for (int tag : STUDY_TAGS) {
      if (tag != Tag.SPECIFIC_CHARACTER_SET) {
        dataset.text(tag, vrOf(tag), "");
      }
    }
    copied.forEach(dataset::copy);
  }

  private static VR vrOf(int tag) {
    return switch (tag) {
      case Tag.STUDY_DATE, Tag.PATIENT_BIRTH_DATE -> VR.DA;
      case Tag.STUDY_TIME -> VR.TM;
      case Tag.ACCESSION_NUMBER, Tag.STUDY_ID -> VR.SH;
      case Tag.REFERRING_PHYSICIAN_NAME, Tag.PATIENT_NAME -> VR.PN;
      case Tag.PATIENT_ID -> VR.LO;
      case Tag.PATIENT_SEX -> VR.CS;
      case Tag.STUDY_INSTANCE_UID -> VR.UI;
      default -> throw new IllegalArgumentException(Tag.format(tag));
    };
  }
}
