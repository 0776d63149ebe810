package org.traumaflow.label;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The competition's label files (METHOD.md, "Data layout"): their exact columns, and readers
 * that check every row, so a truncated or edited file is refused with the line that is wrong
 * instead of being half read.
 */
public final class LabelTables {
  public static final List<String> TRAIN_COLUMNS = List.of(
      "patient_id", "bowel_healthy", "bowel_injury", "extravasation_healthy", "extravasation_injury",
      "kidney_healthy", "kidney_low", "kidney_high", "liver_healthy", "liver_low", "liver_high",
      "spleen_healthy", "spleen_low", "spleen_high", "any_injury");
  public static final List<String> TRAIN_SERIES_META_COLUMNS = List.of("patient_id", "series_id", "aortic_hu", "incomplete_organ");
  public static final List<String> TEST_SERIES_META_COLUMNS = List.of("patient_id", "series_id", "aortic_hu");
  public static final List<String> IMAGE_LEVEL_LABELS_COLUMNS = List.of("patient_id", "series_id", "instance_number", "injury_name");
  /** train.csv's columns without any_injury, which is never submitted. */
  public static final List<String> SUBMISSION_COLUMNS = TRAIN_COLUMNS.subList(0, TRAIN_COLUMNS.size() - 1);

  private LabelTables() {}

  /** train.csv from a file, patients in ascending id. */
  public static Map<Integer, PatientLabels> readTrain(Path file) throws IOException {
    try (Reader reader = open(file)) {
      return readTrain(file.toString(), reader);
    }
  }

  /**
   * train.csv: one row per patient. Each group must have exactly one 1 among its columns, and
   * any_injury must agree with the groups, since a file that breaks either is not the
   * competition's.
   */
  public static Map<Integer, PatientLabels> readTrain(String name, Reader reader) throws IOException {
    Map<Integer, PatientLabels> patients = new TreeMap<>();
    forEachRow(name, reader, TRAIN_COLUMNS, (line, cells) -> {
      int patient = integer(name, line, cells, 0);
      int[] v = new int[TRAIN_COLUMNS.size()];
      for (int i = 1; i < v.length; i++) {
        v[i] = integer(name, line, cells, i);
        if (v[i] != 0 && v[i] != 1) {
          throw new LabelFileException(name, "line " + line + ": " + TRAIN_COLUMNS.get(i) + " must be 0 or 1, got " + cells[i]);
        }
      }
      PatientLabels labels = new PatientLabels(
          oneOf(name, line, v, 1, 2) == 1,
          oneOf(name, line, v, 3, 4) == 1,
          Grade.values()[oneOf(name, line, v, 5, 6, 7)],
          Grade.values()[oneOf(name, line, v, 8, 9, 10)],
          Grade.values()[oneOf(name, line, v, 11, 12, 13)]);
      if ((labels.anyInjury() ? 1 : 0) != v[14]) {
        throw new LabelFileException(name, "line " + line + ": any_injury is " + v[14] + " but the groups say " + (labels.anyInjury() ? 1 : 0));
      }
      if (patients.put(patient, labels) != null) {
        throw new LabelFileException(name, "line " + line + ": patient " + patient + " appears twice");
      }
    });
    return Collections.unmodifiableMap(patients);
  }

  /** image_level_labels.csv from a file, in the file's order. */
  public static List<ImageLabel> readImageLevel(Path file) throws IOException {
    try (Reader reader = open(file)) {
      return readImageLevel(file.toString(), reader);
    }
  }

  /** image_level_labels.csv: one row per slice and injury; only the competition's two injury names are taken. */
  public static List<ImageLabel> readImageLevel(String name, Reader reader) throws IOException {
    List<ImageLabel> labels = new ArrayList<>();
    forEachRow(name, reader, IMAGE_LEVEL_LABELS_COLUMNS, (line, cells) -> {
      String injury = cells[3];
      if (!injury.equals(ImageLabel.EXTRAVASATION) && !injury.equals(ImageLabel.BOWEL)) {
        throw new LabelFileException(name, "line " + line + ": injury_name must be " + ImageLabel.EXTRAVASATION + " or " + ImageLabel.BOWEL + ", got '" + injury + "'");
      }
      labels.add(new ImageLabel(integer(name, line, cells, 0), integer(name, line, cells, 1), integer(name, line, cells, 2), injury));
    });
    return Collections.unmodifiableList(labels);
  }

  /** A row of a label file: its 1-based line number and its cells. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(int line, String[] cells) throws LabelFileException;
  }

  /**
   * Reads a comma-separated table whose first line must be exactly {@code columns} (an export
   * with reordered columns would otherwise be read silently wrong); every later non-empty line
   * must have as many cells.
   */
  public static void forEachRow(String name, Reader reader, List<String> columns, RowConsumer consumer) throws IOException {
    BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    String header = lines.readLine();
    if (header == null) {
      throw new LabelFileException(name, "empty file, expected the header " + String.join(",", columns));
    }
    List<String> found = Arrays.asList(stripBom(header).trim().split(",", -1));
    if (!found.equals(columns)) {
      throw new LabelFileException(name, "header must be " + String.join(",", columns) + ", got " + header.trim() + headerDifference(columns, found));
    }
    int line = 1;
    for (String text = lines.readLine(); text != null; text = lines.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      String[] cells = text.trim().split(",", -1);
      if (cells.length != columns.size()) {
        throw new LabelFileException(name, "line " + line + ": " + cells.length + " cells, the header has " + columns.size());
      }
      consumer.accept(line, cells);
    }
  }

  /** Names the columns a wrong header lacks or adds: in a 15-column header they are hard to spot. */
  private static String headerDifference(List<String> expected, List<String> found) {
    List<String> missing = expected.stream().filter(c -> !found.contains(c)).toList();
    List<String> unexpected = found.stream().filter(c -> !expected.contains(c)).toList();
    return (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
        + (unexpected.isEmpty() ? "" : "; unexpected " + String.join(", ", unexpected));
  }

  private static Reader open(Path file) throws IOException {
    try {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new LabelFileException(file.toString(), "no such file");
    }
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static int integer(String name, int line, String[] cells, int column) throws LabelFileException {
    try {
      return Integer.parseInt(cells[column].trim());
    } catch (NumberFormatException e) {
      throw new LabelFileException(name, "line " + line + ": cell " + (column + 1) + " must be an integer, got '" + cells[column] + "'");
    }
  }

  /** The index (0-based within the group) of the single 1 among {@code v[columns...]}. */
  private static int oneOf(String name, int line, int[] v, int... columns) throws LabelFileException {
    int found = -1;
    for (int i = 0; i < columns.length; i++) {
      if (v[columns[i]] == 1) {
        if (found >= 0) {
          throw new LabelFileException(name, "line " + line + ": both " + TRAIN_COLUMNS.get(columns[found]) + " and " + TRAIN_COLUMNS.get(columns[i]) + " are 1");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new LabelFileException(name, "line " + line + ": none of " + TRAIN_COLUMNS.get(columns[0]) + ".." + TRAIN_COLUMNS.get(columns[columns.length - 1]) + " is 1");
    }
    return found;
  }
}
