package org.traumaflow.label;

/**
 * A row of image_level_labels.csv: an injury visible on one slice.
 *
 * @param patientId patient_id
 * @param seriesId series_id
 * @param instanceNumber instance_number (the slice's file name)
 * @param injuryName {@link #EXTRAVASATION} or {@link #BOWEL}
 */
public record ImageLabel(int patientId, int seriesId, int instanceNumber, String injuryName) {
  public static final String EXTRAVASATION = "Active_Extravasation";
  public static final String BOWEL = "Bowel";
}
