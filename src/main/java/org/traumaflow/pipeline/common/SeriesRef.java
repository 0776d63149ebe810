package org.traumaflow.pipeline.common;

import java.util.List;

/**
 * One series found in a dataset in the competition layout
 * ({@code <split>_images/<patient_id>/<series_id>/<instance_number>.dcm}): small enough to
 * shuffle, it names the files but holds no pixels.
 *
 * @param split "train" or "test"
 * @param patientId the patient folder
 * @param seriesId the series folder
 * @param files the series' files (paths or URIs), ordered by instance number
 * @param inputSha256 the files as listed ({@link org.traumaflow.ledger.InputFingerprint}), so the
 *     scoring ledger can tell a new or changed series from one already scored
 */
public record SeriesRef(String split, String patientId, String seriesId, List<String> files, String inputSha256) {

  /** The key used for grouping and for naming outputs: {@code patient/series}. */
  public String key() {
    return patientId + "/" + seriesId;
  }
}
