package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.synth.CompetitionLayout;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.HeadlessChromium;
import org.traumaflow.testing.RealCt;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TinyZoo;

/**
 * A real Siemens CT (JPEG 2000 lossless, ../shared/real-ct) laid out as the one test patient of
 * the competition's layout goes through {@code preprocess --masks} with TotalSegmentator's masks
 * and through {@code score} with a tiny zoo trained the way the demo trains its own: nothing is
 * dead-lettered, the patient gets a valid submission row, the crop box that the real masks give
 * holds the real liver and spleen (counted by nibabel + pydicom), and the report renders.
 */
@ExtendWith(SingleThreadedTorch.class)
class RealCtThroughEveryStageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PATIENT = 10001;
  private static final int SERIES = 20002;
  @TempDir static Path dir;
  static CompetitionLayout input;
  static Path preprocessed;
  static Path scored;

  @BeforeAll
  static void preprocessWithTheRealMasksAndScore() throws Exception {
    TinyZoo zoo = TinyZoo.shared();
    input = RealCt.asTestPatient(dir.resolve("input"), PATIENT, SERIES);
    Path masks = Files.createDirectories(dir.resolve("masks"));
    Files.copy(RealCt.mask(), masks.resolve(SERIES + ".nii.gz"));
    preprocessed = dir.resolve("preprocessed");
    CliRun preprocess = CliRun.of("preprocess", "--input", input.root().toString(), "--output", preprocessed.toString(),
        "--spec", zoo.preprocess().toString(), "--masks", masks.toString());
    assertEquals(0, preprocess.exitCode(), preprocess.stderr());
    scored = dir.resolve("scored");
    CliRun score = CliRun.of(zoo.scoreArguments(input.root(), scored).toArray(String[]::new));
    assertEquals(0, score.exitCode(), score.stderr());
  }

  @Test
  void theCropBoxFromTheRealMasksHoldsTheRealLiverAndSpleen() throws Exception {
    assertEquals("", Files.readString(preprocessed.resolve("dead_letters.jsonl")).strip(), "no dead letter");
    List<String> info = Files.readAllLines(preprocessed.resolve("info.jsonl"));
    assertEquals(1, info.size(), "one record, for the one series");
    JsonNode record = JSON.readTree(info.get(0));
    assertEquals(String.valueOf(SERIES), record.get("series_id").asText());
    assertEquals(20, record.get("slices").asInt());
    JsonNode box = record.get("crop_box");
    assertFalse(box.isNull(), "the masks gave a crop box: " + record);
    assertTrue(box.get("row1").asDouble() - box.get("row0").asDouble() < 1 || box.get("col1").asDouble() - box.get("col0").asDouble() < 1,
        "the organs do not fill the whole image: " + box);
    JsonNode reference = JSON.readTree(ReferenceTools.python("reference/nibabel_mask_on_dicom.py", RealCt.series().toString(),
        RealCt.mask().toString(), box.get("row0").asText(), box.get("row1").asText(), box.get("col0").asText(), box.get("col1").asText()));
    for (int organ : new int[] {RealCt.LIVER, RealCt.SPLEEN}) {
      JsonNode counts = reference.get(String.valueOf(organ));
      double held = counts.get("in_box").asDouble() / counts.get("voxels").asDouble();
      assertTrue(held >= 0.95, "label " + organ + ": the crop box holds " + held + " of its " + counts.get("voxels") + " voxels");
    }
    JsonNode visibility = record.get("visibility");
    for (String group : List.of("liver", "spleen")) {
      double most = 0;
      for (JsonNode slice : visibility.get(group)) {
        most = Math.max(most, slice.asDouble());
      }
      assertTrue(most > 0, group + " is visible on some slice: " + visibility.get(group));
    }
  }

  @Test
  void theRealPatientGetsAValidSubmissionRowWithNoDeadLetter() throws Exception {
    assertEquals("", Files.readString(scored.resolve("dead_letters.jsonl")).strip(), "no dead letter");
    Submission submission = SubmissionCsv.read(scored.resolve("submission.csv"));
    assertEquals(Set.of(PATIENT), submission.rows().keySet());
    SubmissionRow row = submission.rows().get(PATIENT);
    for (InjuryGroup group : InjuryGroup.values()) {
      double sum = 0;
      for (double share : row.normalised(group)) {
        assertTrue(share >= 0 && share <= 1, group + ": " + share);
        sum += share;
      }
      assertEquals(1.0, sum, 1e-9, group.toString());
    }
    JsonNode prediction = JSON.readTree(Files.readAllLines(scored.resolve("predictions.jsonl")).get(0));
    assertFalse(prediction.get("fallback").asBoolean(), "the models scored the series, not the fallback row: " + prediction);
    assertEquals(String.valueOf(SERIES), prediction.get("series").get(0).asText());
  }

  @Test
  void theReportOfTheRealCtRendersInChromiumWithItsMontage() throws Exception {
    HeadlessChromium.requireInstalled();
    Path report = scored.resolve(ScoreReport.FILE);
    Path scratch = Files.createDirectories(dir.resolve("chromium"));
    String dom = HeadlessChromium.dumpDom(report, scratch);
    assertTrue(dom.contains("<section class=\"patient\" id=\"patient-" + PATIENT + "\"><h3>Patient " + PATIENT + "</h3>"), "the patient, scored by the models");
    assertTrue(dom.contains("<h4>Series " + SERIES + "</h4>"), "the real series");
    assertEquals(1, Pattern.compile("<tr class=\"patient-row\">").matcher(dom).results().count(), "one row of probabilities");
    assertTrue(Pattern.compile("<svg[^>]*class=\"curves\"").matcher(dom).find(), "the series' curves");
    List<Integer> widths = HeadlessChromium.imageWidths(report, scratch);
    assertEquals(1, widths.size(), "the real series' montage");
    assertTrue(widths.get(0) > 0, "the montage decodes: " + widths);
  }

  @Test
  void theReportsScreenshotIsNotBlank() throws Exception {
    HeadlessChromium.requireInstalled();
    // Kept beside the build's other outputs: docs/report-real-ct.png is this file.
    HeadlessChromium.keptScreenshot(scored.resolve(ScoreReport.FILE), Path.of("target", "report-real-ct", "report-real-ct.png"), 1200, 1000,
        Files.createDirectories(dir.resolve("chromium-shot")));
  }
}
