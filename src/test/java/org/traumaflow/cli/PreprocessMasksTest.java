package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nifti.Affine;
import org.traumaflow.nifti.NiftiHeader;
import org.traumaflow.nifti.NiftiImage;
import org.traumaflow.nifti.NiftiReader;
import org.traumaflow.nifti.NiftiWriter;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.RealCt;

/**
 * {@code traumaflow preprocess --masks DIR} on the real Siemens CT laid out under four series
 * ids, each with its own mask: TotalSegmentator's own gives the series its crop box, while a
 * mask placed elsewhere in the patient (another series'), an unreadable one and a missing one
 * each send only their series to the dead letters, naming the mask file and what is wrong.
 */
class PreprocessMasksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PATIENT = 10001;
  private static final int FITS = 20001;
  private static final int ELSEWHERE = 20002;
  private static final int TRUNCATED = 20003;
  private static final int MISSING = 20004;
  @TempDir Path dir;

  @Test
  void aMaskThatDoesNotFitItsSeriesGoesToTheDeadLettersNamingTheFile() throws Exception {
    Path input = RealCt.asTestPatient(dir.resolve("input"), PATIENT, FITS, ELSEWHERE, TRUNCATED, MISSING).root();
    Path masks = Files.createDirectories(dir.resolve("masks"));
    Files.copy(RealCt.mask(), masks.resolve(FITS + ".nii.gz"));
    Path elsewhere = masks.resolve(ELSEWHERE + ".nii.gz");
    writeShifted(RealCt.mask(), elsewhere, 400);
    Path truncated = masks.resolve(TRUNCATED + ".nii.gz");
    Files.write(truncated, Arrays.copyOf(Files.readAllBytes(RealCt.mask()), 4000));
    Path output = dir.resolve("out");

    CliRun run = CliRun.of("preprocess", "--input", input.toString(), "--output", output.toString(), "--masks", masks.toString(),
        "--spec", "pipelines/preprocess-demo.yaml");

    assertEquals(0, run.exitCode(), run.stderr());
    List<String> info = Files.readAllLines(output.resolve("info.jsonl"));
    assertEquals(1, info.size(), "only the series whose mask fits: " + info);
    JsonNode record = JSON.readTree(info.get(0));
    assertEquals(String.valueOf(FITS), record.get("series_id").asText());
    assertFalse(record.get("crop_box").isNull(), record.toString());

    Map<String, JsonNode> letters = new HashMap<>();
    for (String line : Files.readAllLines(output.resolve("dead_letters.jsonl"))) {
      JsonNode letter = JSON.readTree(line);
      letters.put(letter.get("item").asText(), letter);
    }
    assertEquals(3, letters.size(), letters.toString());
    assertLetter(letters.get(PATIENT + "/" + ELSEWHERE), elsewhere, "NiftiException", "does not cover the series");
    assertLetter(letters.get(PATIENT + "/" + TRUNCATED), truncated, "NiftiException", "truncated");
    Path missing = masks.resolve(MISSING + ".nii");
    JsonNode none = letters.get(PATIENT + "/" + MISSING);
    assertEquals("reference-masks", none.get("stage").asText(), none.toString());
    assertEquals(missing.toAbsolutePath().toString(), none.get("location").asText(), none.toString());
    assertTrue(none.get("reason").asText().contains(MISSING + ".nii.gz or " + MISSING + ".nii"), none.toString());
  }

  private static void assertLetter(JsonNode letter, Path mask, String error, String why) {
    assertEquals("reference-masks", letter.get("stage").asText(), letter.toString());
    assertEquals(mask.toAbsolutePath().toString(), letter.get("location").asText(), letter.toString());
    assertEquals(error, letter.get("error").asText(), letter.toString());
    String reason = letter.get("reason").asText();
    assertTrue(reason.startsWith(mask.toAbsolutePath().toString()) && reason.contains(why), reason);
    assertTrue(letter.get("dropped").asBoolean(), letter.toString());
  }

  /** {@code source} moved {@code mm} along the patient's z axis: a mask of the same shape, somewhere else in the patient. */
  private static void writeShifted(Path source, Path target, double mm) throws Exception {
    NiftiImage mask = NiftiReader.read(source);
    NiftiHeader h = mask.header();
    double[] z = h.affine().row(2);
    z[3] += mm;
    Affine moved = Affine.ofRows(h.affine().row(0), h.affine().row(1), z);
    NiftiWriter.write(target, new NiftiHeader(h.nx(), h.ny(), h.nz(), h.dataType(), moved, h.description()), mask.data());
  }

  @Test
  void masksAndASegmentationModelTogetherOrMasksThatDoNotExistAreRefused() throws Exception {
    Path input = dir.resolve("input");
    Files.createDirectories(input);
    CliRun both = CliRun.of("preprocess", "--input", input.toString(), "--output", dir.resolve("a").toString(),
        "--masks", RealCt.mask().toString(), "--segmentation-model", dir.toString());
    assertEquals(2, both.exitCode(), both.stderr());
    assertTrue(both.stderr().contains("--masks and --segmentation-model"), both.stderr());
    Path nowhere = dir.resolve("no-masks");
    CliRun absent = CliRun.of("preprocess", "--input", input.toString(), "--output", dir.resolve("b").toString(), "--masks", nowhere.toString());
    assertEquals(2, absent.exitCode(), absent.stderr());
    assertTrue(absent.stderr().startsWith("error: " + nowhere + ": no such file or folder"), absent.stderr());
  }
}
