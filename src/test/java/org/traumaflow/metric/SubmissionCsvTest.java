package org.traumaflow.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.label.LabelTables;
import org.traumaflow.testing.SmallDataset;

class SubmissionCsvTest {
  private static final String HEADER = String.join(",", LabelTables.SUBMISSION_COLUMNS) + "\n";
  private static final String GOOD = "0.5,0.5,0.5,0.5,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3,0.3";

  @TempDir Path dir;

  @Test
  void readsTheRealSampleSubmission() throws IOException {
    Submission sample = SubmissionCsv.read(SmallDataset.reference("sample_submission.csv"));
    assertEquals(3, sample.rows().size());
    for (SubmissionRow row : sample.rows().values()) {
      assertEquals(0.5, row.probability("extravasation_injury"));
      assertEquals(1.0 / 3, row.probability("spleen_high"), 1e-15);
    }
  }

  @Test
  void writtenSubmissionsReadBackEqualWithPatientsAscending() throws IOException {
    List<Double> odd = List.of(0.1, 1e-17, 3.0, 0.0, 1.0 / 3, 0.2, 0.7, 1e300, 5.0, 0.0, 0.25, 0.25, 0.5);
    Submission submission = Submission.of("mine", List.of(new SubmissionRow(20, odd), new SubmissionRow(3, odd)));
    Path file = dir.resolve("out/submission.csv");
    SubmissionCsv.write(file, submission);

    Submission read = SubmissionCsv.read(file);
    assertEquals(submission.rows(), read.rows(), "every double survives the round trip");
    List<String> lines = Files.readAllLines(file);
    assertEquals(HEADER.strip(), lines.get(0));
    assertTrue(lines.get(1).startsWith("3,") && lines.get(2).startsWith("20,"), "sorted by patient: " + lines);
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList(), "no temporary file left beside it");
    }
  }

  @Test
  void aNaNNegativeOrInfiniteValueIsRefusedNamingLinePatientAndColumn() {
    assertRefused("10,0.5,0.5,0.5,0.5,0.4,0.3,0.3,0.4,NaN,0.3,0.4,0.3,0.3", "line 3: patient 10: liver_low is NaN");
    assertRefused("10,0.5,0.5,0.5,-0.1,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3,0.3", "line 3: patient 10: extravasation_injury is negative (-0.1)");
    assertRefused("10,0.5,0.5,0.5,0.5,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3,Infinity", "line 3: patient 10: spleen_high is infinite");
  }

  @Test
  void aGroupSummingToZeroIsRefusedNamingItsColumns() {
    assertRefused("10,0.5,0.5,0.5,0.5,0,0,0,0.4,0.3,0.3,0.4,0.3,0.3", "line 3: patient 10: kidney_healthy, kidney_low, kidney_high sum to 0.0");
  }

  @Test
  void aCellThatIsNotANumberIsRefusedNamingItsColumn() {
    assertRefused("10,0.5,,0.5,0.5,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3,0.3", "line 3: patient 10: bowel_injury must be a number, got ''");
    assertRefused("x,0.5,0.5,0.5,0.5,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3,0.3", "line 3: patient_id must be an integer, got 'x'");
  }

  @Test
  void aSecondRowForAPatientIsRefused() {
    assertRefused("7," + GOOD, "line 3: patient 7 has a second row");
  }

  @Test
  void aMissingColumnIsNamed() {
    String header = HEADER.replace(",spleen_high", "");
    LabelFileException e = assertThrows(LabelFileException.class,
        () -> SubmissionCsv.read("sub.csv", new StringReader(header + "7,0.5,0.5,0.5,0.5,0.4,0.3,0.3,0.4,0.3,0.3,0.4,0.3\n")));
    assertTrue(e.getMessage().startsWith("sub.csv: header must be") && e.getMessage().endsWith("; missing spleen_high"), e.getMessage());
  }

  @Test
  void aMissingFileIsALabelFileError() {
    Path missing = dir.resolve("nowhere.csv");
    assertEquals(missing + ": no such file", assertThrows(LabelFileException.class, () -> SubmissionCsv.read(missing)).getMessage());
  }

  /** The second data row is {@code row}; the first is a good one, so the line number is checked too. */
  private static void assertRefused(String row, String expected) {
    String csv = HEADER + "7," + GOOD + "\n" + row + "\n";
    LabelFileException e = assertThrows(LabelFileException.class, () -> SubmissionCsv.read("sub.csv", new StringReader(csv)));
    assertEquals("sub.csv", e.file());
    assertTrue(e.getMessage().startsWith("sub.csv: " + expected), e.getMessage());
  }
}
