package org.traumaflow.synth;

/**
 * UIDs in the released data's pattern: StudyInstanceUID ends with ".&lt;patient_id&gt;",
 * SeriesInstanceUID with ".&lt;series_id&gt;" and SOPInstanceUID with
 * ".1.&lt;instance_number&gt;", so tools that recover ids from UIDs work on both.
 */
final class DicomUids {
  /** The root the released competition data uses. */
  static final String ROOT = "1.2.123.12345.1.2.3";

  private DicomUids() {}

  static String study(int patientId) {
    return ROOT + "." + patientId;
  }

  static String series(int patientId, int seriesId) {
    return ROOT + "." + patientId + "." + seriesId;
  }

  static String instance(int patientId, int seriesId, int instanceNumber) {
    return series(patientId, seriesId) + ".1." + instanceNumber;
  }
}
