package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.DicomEdit;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * A nightly {@code traumaflow score} run nobody watches, at the edges of the file system and of
 * its configuration: names that are not UTF-8, a slice that inflates to a gigabyte, folders that
 * cannot be opened, links that loop, absurd header values, and input and output locations that
 * overlap. Every patient found is present with a dead letter for what went wrong, or the run is
 * refused with exit 2 before it writes anything; nothing is written outside the output.
 */
@ExtendWith(SingleThreadedTorch.class)
class UnattendedScoringTest {
  /** The deflated slice's pixel data as declared by its element: 1 GiB of zeros, about 1 MB deflated. */
  private static final int BOMB_PIXEL_BYTES = 1 << 30;
  private static final int IMAGE_POSITION_PATIENT = 0x00200032;
  private static final int RESCALE_SLOPE = 0x00281053;

  @TempDir static Path dir;
  static TinyZoo zoo;
  static Path input;
  static Path output;
  static CliRun run;
  static String template;
  static String bomb;
  static int slices;

  @BeforeAll
  static void scoreANightOfBadEdges() throws Exception {
    zoo = TinyZoo.shared();
    input = dir.resolve("night");
    Path images = Files.createDirectories(input.resolve("test_images"));
    for (String csv : List.of("train.csv", "sample_submission.csv")) {
      if (Files.exists(SmallDataset.root().resolve(csv))) {
        Files.copy(SmallDataset.root().resolve(csv), input.resolve(csv));
      }
    }
    Path good = SmallDataset.seriesDirectories(false).stream()
        .min(Comparator.comparingInt((Path s) -> SmallDataset.slices(s).size())).orElseThrow();
    template = good.getFileName().toString();

    // Item 1: a series folder, and every file of a series, named in Latin-1; one junk file so named among good slices.
    SmallDataset.copyTree(good, latin1(Files.createDirectories(images.resolve("92001")), "s%E4rie"));
    Path renamed = SmallDataset.copyTree(good, images.resolve("92002").resolve(template));
    for (Path slice : SmallDataset.slices(renamed)) {
      Files.move(slice, latin1(renamed, "Sch%E4del_" + slice.getFileName()));
    }
    Path withJunk = SmallDataset.copyTree(good, images.resolve("92003").resolve(template));
    Files.writeString(latin1(withJunk, "Befund_%FC.dcm"), "not an image\n".repeat(20));

    // Item 5: one slice that inflates to a gigabyte; a patient folder and a series folder that cannot be opened.
    Path bombed = SmallDataset.copyTree(good, images.resolve("92004").resolve(template));
    bomb = SmallDataset.slices(bombed).get(2).getFileName().toString();
    DicomEdit.of(bombed.resolve(bomb)).writeDeflatedTo(bombed.resolve(bomb), BOMB_PIXEL_BYTES);
    Files.createSymbolicLink(images.resolve("92005"), images.resolve("92005"));
    SmallDataset.copyTree(good, images.resolve("92006").resolve(template));
    Files.createSymbolicLink(images.resolve("92006").resolve("loop"), images.resolve("92006").resolve("loop"));

    // Item 6: two links to .. in a series folder.
    Path links = SmallDataset.copyTree(good, images.resolve("92007").resolve(template));
    Files.createSymbolicLink(links.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(links.resolve("up2"), Path.of(".."));

    // Item 9: header values that are finite but absurd, each in every slice or in one.
    edited(good, images.resolve("92008"), (i, e) -> e.text(DicomEdit.PIXEL_SPACING, "DS", "1e-30\\1e-30"));
    edited(good, images.resolve("92009"), (i, e) -> i == 3 ? e.text(DicomEdit.PIXEL_SPACING, "DS", "1e300\\1e300") : e);
    edited(good, images.resolve("92010"), (i, e) -> i == 3 ? e.text(DicomEdit.PIXEL_SPACING, "DS", "0.5\\0.5") : e);
    edited(good, images.resolve("92011"), (i, e) -> e.text(IMAGE_POSITION_PATIENT, "DS", "-100\\-100\\50"));
    edited(good, images.resolve("92012"), (i, e) -> e.unsignedShort(DicomEdit.ROWS, 4).unsignedShort(DicomEdit.COLUMNS, 4));
    edited(good, images.resolve("92013"), (i, e) -> i == 3 ? e.text(DicomEdit.INSTANCE_NUMBER, "IS", "4a") : e);
    edited(good, images.resolve("92014"), (i, e) -> i == 3 ? e.text(RESCALE_SLOPE, "DS", "NaN") : e);

    Path cut = SmallDataset.copyTree(good, images.resolve("92015").resolve(template));
    for (Path slice : SmallDataset.slices(cut)) {
      byte[] whole = Files.readAllBytes(slice);
      Files.write(slice, Arrays.copyOf(whole, whole.length * 3 / 5));
    }
    slices = SmallDataset.slices(good).size();

    output = dir.resolve("out-parent").resolve("scored");
    run = CliRun.of(zoo.scoreArguments(input, output, "--fail-on-dead-letters").toArray(String[]::new));
  }

  @Test
  void namesThatAreNotUtf8AreScoredOrDeadLetteredNeverLost() throws Exception {
    assertEquals(1, run.exitCode(), "--fail-on-dead-letters with dead letters: " + run.stderr());
    Map<String, JsonNode> predictions = predictions();
    assertScored(predictions, "92001", "s%E4rie");
    assertScored(predictions, "92002", template);
    assertScored(predictions, "92003", template);
    assertTrue(letters().stream().anyMatch(l -> l.get("item").asText().equals("92003/" + template)
            && l.get("stage").asText().equals("read-series") && l.get("error").asText().equals("NotDicomException")
            && l.get("location").asText().endsWith("Befund_%FC.dcm") && !l.get("dropped").asBoolean()),
        "the junk file with a Latin-1 name has its letter, naming it: " + letters());
  }

  @Test
  void aSliceThatInflatesPastItsDeclaredSizeIsADeadLetterAndItsSeriesScores() throws Exception {
    assertScored(predictions(), "92004", template);
    assertTrue(letters().stream().anyMatch(l -> l.get("item").asText().equals("92004/" + template)
            && l.get("error").asText().equals("MalformedDicomException") && l.get("location").asText().endsWith("/" + bomb)
            && l.get("reason").asText().contains("more than its header declares")),
        "the bomb's letter: " + letters());
  }

  @Test
  void foldersThatCannotBeOpenedAreDeadLettersAndTheirPatientsKeepARow() throws Exception {
    // A link to itself: the kernel refuses to open it (ELOOP) whoever asks, root included.
    assertTrue(letters().stream().anyMatch(l -> l.get("item").asText().equals("92005") && l.get("stage").asText().equals("discover-series")
        && l.get("location").asText().endsWith("92005") && l.get("reason").asText().contains("cannot open the patient folder")), "" + letters());
    assertTrue(predictions().containsKey("92005") && predictions().get("92005").get("fallback").asBoolean(),
        "the patient whose folder cannot be opened keeps the fallback row");
    assertTrue(letters().stream().anyMatch(l -> l.get("item").asText().equals("92006/loop") && l.get("stage").asText().equals("discover-series")
        && l.get("reason").asText().contains("cannot open the series folder") && l.get("dropped").asBoolean()), "" + letters());
    assertScored(predictions(), "92006", template);
  }

  @Test
  void linksInASeriesFolderAreNotWalkedAndNothingIsWrittenOutsideTheOutput() throws Exception {
    assertScored(predictions(), "92007", template);
    try (Stream<Path> parent = Files.list(output.getParent())) {
      assertEquals(List.of(output), parent.toList(), "nothing beside the output location");
    }
  }

  @Test
  void emptyOrOverlappingLocationsAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path workingDirectory = Path.of("").toAbsolutePath();
    List<Path> before = listing(workingDirectory);
    CliRun emptyOutput = CliRun.of(zoo.scoreArguments(input, Path.of("")).toArray(String[]::new));
    assertRefused(emptyOutput, "--output is empty");
    assertEquals(before, listing(workingDirectory), "nothing written in the working directory");
    assertRefused(CliRun.of(zoo.scoreArguments(Path.of(""), dir.resolve("never-empty-input")).toArray(String[]::new)), "--input is empty");
    assertFalse(Files.exists(dir.resolve("never-empty-input")));

    List<Path> inputBefore = listing(input);
    assertRefused(CliRun.of(zoo.scoreArguments(input, input.resolve("scored")).toArray(String[]::new)), "is inside --input");
    assertRefused(CliRun.of(zoo.scoreArguments(input, input).toArray(String[]::new)), "--input");
    assertRefused(CliRun.of(zoo.scoreArguments(input, dir).toArray(String[]::new)), "is inside --output");
    Path linkToInput = Files.createSymbolicLink(dir.resolve("night-link"), input);
    assertRefused(CliRun.of(zoo.scoreArguments(linkToInput, input.resolve("through-link")).toArray(String[]::new)), "is inside --input");
    assertEquals(inputBefore, listing(input), "nothing written into the input");
  }

  @Test
  void absurdHeaderValuesAreLeftOutWithADeadLetterNamingTheValue() throws Exception {
    assertLetter("92008", "select-series", "NotSelected", "rule pixel_spacing_mm", "1.0E-30", true);
    assertLetter("92009", "select-series", "NotSelected", "rule pixel_spacing_mm", "1.0E300", true);
    assertLetter("92010", "select-series", "NotSelected", "PixelSpacing differs between slices", "0.5", true);
    assertLetter("92011", "select-series", "NotSelected", "rule slice positions", "-100.0", true);
    assertLetter("92012", "select-series", "NotSelected", "rule min_matrix", "4 Rows x 4 Columns", true);
    for (String patient : List.of("92008", "92009", "92010", "92011", "92012")) {
      assertTrue(predictions().containsKey(patient) && predictions().get(patient).get("fallback").asBoolean(), patient + " keeps the fallback row");
    }
    assertLetter("92013", "read-series", "MalformedDicomException", "InstanceNumber '4a' is not an integer", "", false);
    assertLetter("92014", "read-series", "MalformedDicomException", "RescaleSlope 'NaN' is not a finite number", "", false);
    assertLetter("92015", "read-series", "InconsistentSeriesException", "0 of " + slices + " files readable", "", true);
    assertScored(predictions(), "92013", template);
    assertScored(predictions(), "92014", template);
  }

  private static void assertLetter(String patient, String stage, String error, String reason, String value, boolean dropped) throws IOException {
    assertTrue(letters().stream().anyMatch(l -> l.get("item").asText().equals(patient + "/" + template) && l.get("stage").asText().equals(stage)
            && l.get("error").asText().equals(error) && l.get("reason").asText().contains(reason) && l.get("reason").asText().contains(value)
            && l.get("dropped").asBoolean() == dropped),
        patient + ": " + stage + " " + error + " '" + reason + "' naming " + value + " among " + letters());
  }

  private static void assertRefused(CliRun refused, String says) {
    assertEquals(2, refused.exitCode(), refused.stderr());
    assertTrue(refused.stderr().startsWith("error: ") && refused.stderr().contains(says), refused.stderr());
    assertEquals(1, refused.stderr().lines().count(), "one line: " + refused.stderr());
  }

  private static void assertScored(Map<String, JsonNode> predictions, String patient, String series) {
    JsonNode prediction = predictions.get(patient);
    assertTrue(prediction != null && !prediction.get("fallback").asBoolean(), patient + " scored: " + prediction);
    List<String> scored = new ArrayList<>();
    prediction.get("series").forEach(s -> scored.add(s.asText()));
    assertEquals(List.of(series), scored, patient + "'s series");
  }

  private static Map<String, JsonNode> predictions() throws IOException {
    Map<String, JsonNode> byPatient = new HashMap<>();
    for (JsonNode p : ScorePipelineTest.lines(output.resolve(ScorePipeline.PREDICTIONS))) {
      byPatient.put(p.get("patient_id").asText(), p);
    }
    return byPatient;
  }

  private static List<JsonNode> letters() throws IOException {
    return ScorePipelineTest.lines(output.resolve(ScorePipeline.DEAD_LETTERS));
  }

  private static List<Path> listing(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder, 3)) {
      return walk.filter(p -> !p.toString().contains("/target/")).sorted().toList();
    }
  }

  /** A copy of the series {@code good} under {@code patient}, each slice (by its index in name order) edited. */
  private static void edited(Path good, Path patient, BiFunction<Integer, DicomEdit, DicomEdit> edit) throws IOException {
    Path series = Files.createDirectories(patient.resolve(good.getFileName().toString()));
    List<Path> slices = SmallDataset.slices(good);
    for (int i = 0; i < slices.size(); i++) {
      edit.apply(i, DicomEdit.of(slices.get(i))).writeTo(series.resolve(slices.get(i).getFileName().toString()));
    }
  }

  /** {@code folder}'s child named by percent escapes, byte for byte ({@code s%E4rie}: Latin-1 "särie", not UTF-8). */
  private static Path latin1(Path folder, String escapedName) {
    return Path.of(URI.create(folder.toUri() + escapedName));
  }
}
