package org.traumaflow.metric;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A competition submission: one {@link SubmissionRow} per patient, by ascending patient id.
 *
 * @param source where it came from (a file, or a description such as "out-of-fold predictions"),
 *     named in the metric's errors
 * @param rows the rows by patient id
 */
public record Submission(String source, SortedMap<Integer, SubmissionRow> rows) {

  /** @throws IllegalArgumentException if a row is filed under another patient's id */
  public Submission {
    rows = Collections.unmodifiableSortedMap(new TreeMap<>(rows));
    rows.forEach((patient, row) -> {
      if (patient != row.patientId()) {
        throw new IllegalArgumentException(source + ": patient " + row.patientId() + "'s row is filed under patient " + patient);
      }
    });
  }

  /** @throws IllegalArgumentException if two rows are for the same patient */
  public static Submission of(String source, Collection<SubmissionRow> rows) {
    SortedMap<Integer, SubmissionRow> byPatient = new TreeMap<>();
    for (SubmissionRow row : rows) {
      if (byPatient.put(row.patientId(), row) != null) {
        throw new IllegalArgumentException(source + ": patient " + row.patientId() + " has two rows");
      }
    }
    return new Submission(source, byPatient);
  }
}
