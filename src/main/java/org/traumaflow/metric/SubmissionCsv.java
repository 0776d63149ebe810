package org.traumaflow.metric;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.label.LabelTables;
import org.traumaflow.storage.AtomicFiles;

/**
 * Submissions as files in sample_submission.csv's format: the header
 * {@link LabelTables#SUBMISSION_COLUMNS} exactly, then one row per patient. A file Kaggle would
 * refuse is refused here with its line, patient and column.
 */
public final class SubmissionCsv {
  private SubmissionCsv() {}

  public static Submission read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), reader);
    } catch (NoSuchFileException e) {
      throw new LabelFileException(file.toString(), "no such file");
    }
  }

  /** @param name the file's name, for messages and {@link Submission#source()} */
  public static Submission read(String name, Reader reader) throws IOException {
    SortedMap<Integer, SubmissionRow> rows = new TreeMap<>();
    LabelTables.forEachRow(name, reader, LabelTables.SUBMISSION_COLUMNS, (line, cells) -> {
      int patient = patientId(name, line, cells[0]);
      List<Double> probabilities = new ArrayList<>(SubmissionRow.COLUMNS.size());
      for (int i = 1; i < cells.length; i++) {
        probabilities.add(probability(name, line, patient, SubmissionRow.COLUMNS.get(i - 1), cells[i]));
      }
      try {
        if (rows.put(patient, new SubmissionRow(patient, probabilities)) != null) {
          throw new LabelFileException(name, "line " + line + ": patient " + patient + " has a second row");
        }
      } catch (IllegalArgumentException e) {
        throw new LabelFileException(name, "line " + line + ": " + e.getMessage());
      }
    });
    return new Submission(name, rows);
  }

  /**
   * Writes the submission atomically, patients ascending, each probability as Java's shortest
   * decimal that reads back to the same double, so the same submission always gives the same
   * bytes and scores the same once read again.
   */
  public static void write(Path file, Submission submission) throws IOException {
    AtomicFiles.write(file, bytes(submission));
  }

  /** The file's bytes as {@link #write} writes them, for stores other than a local folder. */
  public static byte[] bytes(Submission submission) {
    StringBuilder csv = new StringBuilder(String.join(",", LabelTables.SUBMISSION_COLUMNS)).append('\n');
    for (SubmissionRow row : submission.rows().values()) {
      csv.append(row.patientId()).append(',')
          .append(row.probabilities().stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int patientId(String name, int line, String cell) throws LabelFileException {
    try {
      return Integer.parseInt(cell.trim());
    } catch (NumberFormatException e) {
      throw new LabelFileException(name, "line " + line + ": patient_id must be an integer, got '" + cell + "'");
    }
  }

  private static double probability(String name, int line, int patient, String column, String cell) throws LabelFileException {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw new LabelFileException(name, "line " + line + ": patient " + patient + ": " + column + " must be a number, got '" + cell + "'");
    }
  }
}
