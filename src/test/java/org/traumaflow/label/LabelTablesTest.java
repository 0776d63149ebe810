package org.traumaflow.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.traumaflow.testing.SmallDataset;

class LabelTablesTest {

  @Test
  void readsTheRealTrainCsvWithItsPublishedCounts() throws IOException {
    Map<Integer, PatientLabels> patients = LabelTables.readTrain(SmallDataset.reference("train.csv"));
    assertEquals(3147, patients.size());
    assertEquals(855, patients.values().stream().filter(PatientLabels::anyInjury).count());
  }

  @Test
  void readsTheRealImageLevelLabels() throws IOException {
    List<ImageLabel> labels = LabelTables.readImageLevel(SmallDataset.reference("image_level_labels.csv"));
    assertEquals(12029, labels.size());
    assertEquals(330, labels.stream().map(ImageLabel::seriesId).collect(Collectors.toSet()).size());
  }

  @Test
  void rowsRoundTripThroughTheColumnsTheGeneratorWrites() throws IOException {
    PatientLabels labels = new PatientLabels(true, false, Grade.LOW, Grade.HEALTHY, Grade.HIGH);
    String csv = String.join(",", LabelTables.TRAIN_COLUMNS) + "\n7," + labels.columns().stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n";
    assertEquals(Map.of(7, labels), LabelTables.readTrain("t.csv", new StringReader(csv)));
  }

  @Test
  void refusesAGroupWithTwoClassesNamingTheLine() {
    String csv = String.join(",", LabelTables.TRAIN_COLUMNS) + "\n1,1,0,1,0,1,0,0,1,1,0,1,0,0,1\n";
    LabelFileException e = assertThrows(LabelFileException.class, () -> LabelTables.readTrain("bad.csv", new StringReader(csv)));
    assertTrue(e.getMessage().startsWith("bad.csv: line 2: both liver_healthy and liver_low"), e.getMessage());
  }

  @Test
  void refusesAnyInjuryThatContradictsTheGroups() {
    String csv = String.join(",", LabelTables.TRAIN_COLUMNS) + "\n1,1,0,1,0,1,0,0,1,0,0,1,0,0,1\n";
    LabelFileException e = assertThrows(LabelFileException.class, () -> LabelTables.readTrain("bad.csv", new StringReader(csv)));
    assertTrue(e.getMessage().contains("any_injury is 1 but the groups say 0"), e.getMessage());
  }

  @Test
  void refusesReorderedColumns() {
    String csv = "series_id,patient_id,instance_number,injury_name\n1,2,3,Bowel\n";
    LabelFileException e = assertThrows(LabelFileException.class, () -> LabelTables.readImageLevel("ill.csv", new StringReader(csv)));
    assertTrue(e.getMessage().startsWith("ill.csv: header must be patient_id,series_id,instance_number,injury_name"), e.getMessage());
  }

  @Test
  void aHeaderWithoutAColumnNamesIt() {
    String csv = "patient_id,series_id,injury_name\n1,2,Bowel\n";
    LabelFileException e = assertThrows(LabelFileException.class, () -> LabelTables.readImageLevel("ill.csv", new StringReader(csv)));
    assertTrue(e.getMessage().endsWith("; missing instance_number"), e.getMessage());
  }

  @Test
  void refusesAShortRowAndAnUnknownInjury() {
    String header = String.join(",", LabelTables.IMAGE_LEVEL_LABELS_COLUMNS) + "\n";
    assertTrue(assertThrows(LabelFileException.class, () -> LabelTables.readImageLevel("a.csv", new StringReader(header + "1,2,3\n")))
        .getMessage().contains("line 2: 3 cells"));
    assertTrue(assertThrows(LabelFileException.class, () -> LabelTables.readImageLevel("a.csv", new StringReader(header + "1,2,3,Liver\n")))
        .getMessage().contains("injury_name must be"));
  }
}
