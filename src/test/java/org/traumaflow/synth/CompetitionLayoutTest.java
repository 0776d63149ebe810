package org.traumaflow.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.testing.SmallDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** The generated files have the real competition's layout and CSV formats, and agree with each other. */
class CompetitionLayoutTest {

  @ParameterizedTest
  @ValueSource(strings = {"train.csv", "train_series_meta.csv", "test_series_meta.csv", "image_level_labels.csv", "sample_submission.csv"})
  void csvColumnsAndTheirOrderEqualTheRealFiles(String name) {
    String real = SmallDataset.lines(SmallDataset.reference(name)).get(0);
    String generated = SmallDataset.lines(SmallDataset.layout().file(name)).get(0);
    assertEquals(real, generated, name + " header");
  }

  @Test
  void sampleSubmissionHoldsTheRealFilesDefaultValuesForEveryTestPatient() {
    List<String> real = SmallDataset.lines(SmallDataset.reference("sample_submission.csv"));
    String realValues = real.get(1).substring(real.get(1).indexOf(','));
    List<String> generated = SmallDataset.lines(SmallDataset.layout().file("sample_submission.csv"));
    Set<String> testPatients = folderNames(SmallDataset.layout().images(false));
    assertEquals(testPatients.size(), generated.size() - 1);
    for (String row : generated.subList(1, generated.size())) {
      assertEquals(realValues, row.substring(row.indexOf(',')));
      assertTrue(testPatients.contains(row.substring(0, row.indexOf(','))), row);
    }
  }

  @Test
  void everyImageHasItsSeriesInTheMetadataAndEveryMetadataRowItsImages() {
    for (boolean train : new boolean[] {true, false}) {
      String meta = train ? "train_series_meta.csv" : "test_series_meta.csv";
      Set<String> rows = new TreeSet<>();
      for (String line : dataRows(meta)) {
        String[] cells = line.split(",");
        rows.add(cells[0] + "/" + cells[1]);
        assertTrue(Integer.parseInt(cells[0]) >= 10_000 && Integer.parseInt(cells[0]) <= 65_535, "5-digit patient id: " + line);
        double aortic = Double.parseDouble(cells[2]);
        assertTrue(aortic > 100 && aortic < 500, "aortic_hu " + line);
        assertEquals(aortic * 4, Math.rint(aortic * 4), "aortic_hu in quarter HU: " + line);
        if (train) {
          assertTrue(cells[3].equals("0") || cells[3].equals("1"), "incomplete_organ " + line);
        } else {
          assertEquals(3, cells.length, "test_series_meta has no incomplete_organ");
        }
      }
      Set<String> folders = new TreeSet<>();
      for (Path series : SmallDataset.seriesDirectories(train)) {
        folders.add(series.getParent().getFileName() + "/" + series.getFileName());
        List<Path> slices = SmallDataset.slices(series);
        assertFalse(slices.isEmpty(), series + " has no slices");
        for (Path slice : slices) {
          assertTrue(slice.getFileName().toString().matches("[1-9][0-9]*\\.dcm"), "file named <instance_number>.dcm: " + slice);
        }
      }
      assertEquals(rows, folders, meta + " rows vs " + SmallDataset.layout().images(train) + " folders");
    }
  }

  @Test
  void trainCsvHasOneRowPerTrainingPatientFolderWithAnyInjuryConsistent() {
    List<String> rows = dataRows("train.csv");
    Set<String> ids = new TreeSet<>();
    for (String row : rows) {
      String[] cells = row.split(",");
      ids.add(cells[0]);
      int unhealthy = ("0".equals(cells[1]) || "0".equals(cells[3]) || "0".equals(cells[5]) || "0".equals(cells[8]) || "0".equals(cells[11])) ? 1 : 0;
      assertEquals(Integer.toString(unhealthy), cells[14], "any_injury in " + row);
    }
    assertEquals(folderNames(SmallDataset.layout().images(true)), ids);
    assertTrue(Set.copyOf(ids).stream().noneMatch(folderNames(SmallDataset.layout().images(false))::contains), "train and test patients are disjoint");
  }

  @Test
  void everyImageLevelLabelNamesAnExistingSliceOfAnInjuredTrainingPatient() {
    Set<String> extravasation = new HashSet<>();
    Set<String> bowel = new HashSet<>();
    for (String row : dataRows("train.csv")) {
      String[] cells = row.split(",");
      if (cells[4].equals("1")) {
        extravasation.add(cells[0]);
      }
      if (cells[2].equals("1")) {
        bowel.add(cells[0]);
      }
    }
    List<String> labels = dataRows("image_level_labels.csv");
    assertFalse(labels.isEmpty(), "the balanced small dataset should have some image-level labels");
    Set<String> patientsWithRows = new HashSet<>();
    for (String row : labels) {
      String[] cells = row.split(",");
      Path slice = SmallDataset.layout().slice(true, Integer.parseInt(cells[0]), Integer.parseInt(cells[1]), Integer.parseInt(cells[2]));
      assertTrue(Files.exists(slice), "label row without its image: " + row);
      switch (cells[3]) {
        case "Active_Extravasation" -> assertTrue(extravasation.contains(cells[0]), "extravasation row of a patient without it: " + row);
        case "Bowel" -> assertTrue(bowel.contains(cells[0]), "bowel row of a patient without bowel injury: " + row);
        default -> throw new AssertionError("unknown injury_name " + row);
      }
      patientsWithRows.add(cells[0] + cells[3].charAt(0));
    }
    for (String patient : extravasation) {
      assertTrue(patientsWithRows.contains(patient + "A"), "extravasation patient " + patient + " has no labelled slice");
    }
    for (String patient : bowel) {
      assertTrue(patientsWithRows.contains(patient + "B"), "bowel-injury patient " + patient + " has no labelled slice");
    }
  }

  @Test
  void segmentationsExistForSomeTrainingSeriesOnly() {
    Set<String> trainSeries = new TreeSet<>();
    for (String row : dataRows("train_series_meta.csv")) {
      trainSeries.add(row.split(",")[1]);
    }
    Set<String> masks = new TreeSet<>();
    for (String name : folderNames(SmallDataset.layout().segmentations())) {
      assertTrue(name.matches("[0-9]+\\.nii"), name);
      masks.add(name.replace(".nii", ""));
    }
    assertFalse(masks.isEmpty());
    assertTrue(trainSeries.containsAll(masks), "masks " + masks + " of training series " + trainSeries);
  }

  @Test
  void manifestRecordsTheGeneratorSeedAndParameters() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(SmallDataset.layout().file("MANIFEST.json").toFile());
    assertEquals("traumaflow synth", manifest.get("generator").asText());
    assertFalse(manifest.get("generatorVersion").asText().isEmpty());
    assertEquals(SmallDataset.SEED, manifest.get("seed").asLong());
    JsonNode parameters = manifest.get("parameters");
    assertEquals(6, parameters.get("patients").asInt());
    assertEquals(2, parameters.get("testPatients").asInt());
    assertEquals(96, parameters.get("size").asInt());
    assertEquals("rle", parameters.get("transferSyntax").asText());
    assertEquals("1.2.840.10008.1.2.5", parameters.get("transferSyntaxUid").asText());
    assertEquals(40, parameters.get("maxSlices").asInt());
    assertTrue(parameters.get("balanced").asBoolean());
    long slices = 0;
    for (boolean train : new boolean[] {true, false}) {
      for (Path series : SmallDataset.seriesDirectories(train)) {
        slices += SmallDataset.slices(series).size();
      }
    }
    assertEquals(slices, manifest.get("counts").get("slices").asLong());
    assertEquals(dataRows("image_level_labels.csv").size(), manifest.get("counts").get("imageLevelLabels").asInt());
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws IOException {
    try (var walk = Files.walk(SmallDataset.root())) {
      List<Path> leftovers = new ArrayList<>(walk.filter(p -> p.getFileName().toString().startsWith(".")).toList());
      assertEquals(List.of(), leftovers);
    }
  }

  private static List<String> dataRows(String name) {
    List<String> lines = SmallDataset.lines(SmallDataset.layout().file(name));
    return lines.subList(1, lines.size());
  }

  private static Set<String> folderNames(Path dir) {
    try (var list = Files.list(dir)) {
      return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
