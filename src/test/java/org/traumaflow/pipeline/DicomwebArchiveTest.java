package org.traumaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.Tag;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.OrthancServer;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * {@code traumaflow score --dicomweb} and {@code preprocess --dicomweb}: the synthetic test split
 * stored in a real Orthanc behind basic authentication scores to the same submission, and
 * preprocesses to the same volumes, as the same patients read from the folder;
 * what the archive holds but cannot be scored goes to the dead letters; the password, read from
 * a file, shows nowhere, and a wrong one stops the run before anything is written.
 */
@ExtendWith(SingleThreadedTorch.class)
class DicomwebArchiveTest {
  private static final String USER = "scorer";
  private static final String PASSWORD = "pw-93be0d4f";
  /** The competition data's UID root; a copy under another root is another study of the same patient. */
  private static final String UID_ROOT = "1.2.123.12345.1.2.3";
  private static final String OTHER_ROOT = "1.2.123.12345.1.2.4";
  @TempDir static Path dir;
  static TinyZoo tiny;
  static OrthancServer orthanc;
  static Path credentials;
  static Path fromFolder;
  static Path fromDicomweb;
  static CliRun dicomweb;
  static String corruptKey;

  @BeforeAll
  static void archiveAndScoreBoth() throws Exception {
    tiny = TinyZoo.shared();
    orthanc = OrthancServer.start(dir.resolve("orthanc"), USER, PASSWORD);
    for (Path series : SmallDataset.seriesDirectories(false)) {
      for (Path slice : SmallDataset.slices(series)) {
        orthanc.upload(slice);
      }
    }
    orthanc.upload(ReferenceTools.pydicomTestFile("CT_small.dcm"));
    corruptKey = uploadCorruptCopy(SmallDataset.seriesDirectories(false).get(0));
    credentials = Files.writeString(dir.resolve("pacs-credentials"), USER + ":" + PASSWORD + "\n");

    // An archive has no train.csv: the folder's patients are scored likewise, without one.
    Path folder = SmallDataset.copyTo(dir.resolve("folder"));
    Files.delete(folder.resolve("train.csv"));
    fromFolder = dir.resolve("scored-folder");
    CliRun run = score(fromFolder, "--input", folder.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    fromDicomweb = dir.resolve("scored-dicomweb");
    dicomweb = score(fromDicomweb, "--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", credentials.toString());
    assertEquals(0, dicomweb.exitCode(), dicomweb.stderr());
  }

  @AfterAll
  static void stop() {
    if (orthanc != null) {
      orthanc.close();
    }
  }

  private static CliRun score(Path output, String... source) {
    List<String> args = new ArrayList<>(List.of("score", "--output", output.toString(), "--segmentation-model", tiny.segmentation().toString(),
        "--ensemble", tiny.ensemble().toString(), "--runs", tiny.runs().toString(), "--spec", tiny.preprocess().toString()));
    args.addAll(List.of(source));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * Stores a copy of a series as another study of the same patient, every slice's RLE header
   * declaring the wrong number of segments: DICOM Orthanc accepts, pixels nobody can decode.
   */
  private static String uploadCorruptCopy(Path series) throws Exception {
    String seriesUid = null;
    for (Path slice : SmallDataset.slices(series)) {
      byte[] bytes = new String(Files.readAllBytes(slice), StandardCharsets.ISO_8859_1).replace(UID_ROOT + ".", OTHER_ROOT + ".")
          .getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int pixelData = lastIndexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
      int offsetTable = pixelData + 12;
      int firstFragment = offsetTable + 8 + buffer.getInt(offsetTable + 4);
      buffer.putInt(firstFragment + 8, 7);
      orthanc.upload(bytes, slice + " (corrupted copy)");
      seriesUid = Part10Reader.parse(slice.toString(), bytes, true).dataset().string(Tag.SERIES_INSTANCE_UID).orElseThrow();
    }
    return series.getParent().getFileName() + "/" + seriesUid;
  }

  private static int lastIndexOf(byte[] bytes, byte[] needle) {
    for (int i = bytes.length - needle.length; i >= 0; i--) {
      boolean match = true;
      for (int j = 0; j < needle.length && match; j++) {
        match = bytes[i + j] == needle[j];
      }
      if (match) {
        return i;
      }
    }
    throw new AssertionError("no Pixel Data element");
  }

  @Test
  void theArchivesStudiesScoreToTheSameSubmissionAsTheSamePatientsFromTheFolder() throws Exception {
    Path submission = fromDicomweb.resolve(ScorePipeline.SUBMISSION);
    assertArrayEquals(Files.readAllBytes(fromFolder.resolve(ScorePipeline.SUBMISSION)), Files.readAllBytes(submission));
    assertEquals(SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv")).rows().keySet(),
        SubmissionCsv.read(submission).rows().keySet(), "one row per test patient, none for what could not be scored");
    assertTrue(dicomweb.stderr().contains("a DICOMweb service has no train.csv"), dicomweb.stderr());
    for (JsonNode prediction : ScorePipelineTest.lines(fromDicomweb.resolve(ScorePipeline.PREDICTIONS))) {
      assertFalse(prediction.get("fallback").asBoolean(), prediction.toString());
      assertTrue(prediction.get("series").get(0).asText().startsWith(UID_ROOT + "."), "series are named by their UID: " + prediction);
    }
  }

  @Test
  void embeddedFlinkWithTwoWorkersScoresTheFirstPatientOfTheArchiveAsTheDirectRunnerDid() throws Exception {
    Path flink = dir.resolve("scored-dicomweb-flink");
    CliRun run = score(flink, "--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", credentials.toString(), "--limit", "1",
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    assertEquals(0, run.exitCode(), run.stderr());
    Submission all = SubmissionCsv.read(fromDicomweb.resolve(ScorePipeline.SUBMISSION));
    int first = all.rows().keySet().stream().min(Integer::compare).orElseThrow();
    Submission limited = SubmissionCsv.read(flink.resolve(ScorePipeline.SUBMISSION));
    assertEquals(Set.of(first), limited.rows().keySet(), "--limit 1 keeps the first patient in id order");
    assertEquals(all.rows().get(first), limited.rows().get(first));
  }

  @Test
  void preprocessWritesTheSameVolumesFromTheArchiveAsFromTheFolder() throws Exception {
    List<Path> seriesDirs = SmallDataset.seriesDirectories(false);
    String patient = seriesDirs.get(0).getParent().getFileName().toString();
    Path fromArchive = dir.resolve("preprocessed-dicomweb");
    CliRun archive = CliRun.of("preprocess", "--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", credentials.toString(),
        "--patients", patient, "--spec", tiny.preprocess().toString(), "--output", fromArchive.toString());
    assertEquals(0, archive.exitCode(), archive.stderr());
    Path folder = dir.resolve("preprocessed-folder");
    CliRun fromFolder = CliRun.of("preprocess", "--input", SmallDataset.root().toString(), "--patients", patient,
        "--spec", tiny.preprocess().toString(), "--output", folder.toString());
    assertEquals(0, fromFolder.exitCode(), fromFolder.stderr());

    int compared = 0;
    for (Path series : seriesDirs.stream().filter(s -> s.getParent().getFileName().toString().equals(patient)).toList()) {
      String uid = Part10Reader.readHeader(SmallDataset.slices(series).get(0)).dataset().string(Tag.SERIES_INSTANCE_UID).orElseThrow();
      for (String volume : List.of("ours.npy", "theo.npy", "stage1.npy")) {
        assertArrayEquals(Files.readAllBytes(folder.resolve("volumes/test/" + patient + "/" + series.getFileName() + "/" + volume)),
            Files.readAllBytes(fromArchive.resolve("volumes/test/" + patient + "/" + uid + "/" + volume)), series + " " + volume);
      }
      compared++;
    }
    assertTrue(compared > 0);
    assertTrue(ScorePipelineTest.lines(fromArchive.resolve("dead_letters.jsonl")).stream()
        .anyMatch(l -> l.get("item").asText().equals(corruptKey)), "the patient's corrupt copy is a dead letter");
  }

  @Test
  void whatTheArchiveHoldsButCannotBeScoredGoesToTheDeadLetters() throws Exception {
    List<JsonNode> letters = ScorePipelineTest.lines(fromDicomweb.resolve(ScorePipeline.DEAD_LETTERS));
    assertTrue(letters.stream().anyMatch(l -> l.get("stage").asText().equals("read-series") && l.get("item").asText().equals(corruptKey)
        && l.get("dropped").asBoolean() && l.get("reason").asText().contains("RLE header declares 7 segments")), letters.toString());
    // The real file's PatientID is "1CT1": no patient id a submission row can carry.
    assertTrue(letters.stream().anyMatch(l -> l.get("stage").asText().equals("discover-dicomweb")
        && l.get("error").asText().equals("InvalidPatientId") && l.get("reason").asText().startsWith("PatientID '1CT1' is not a patient id")
        && l.get("location").asText().startsWith(orthanc.dicomwebUrl() + "/studies/")), letters.toString());
    assertTrue(letters.stream().allMatch(l -> l.get("stage").asText().startsWith("discover-dicomweb") || l.get("item").asText().equals(corruptKey)),
        "nothing else failed: " + letters);
  }

  @Test
  void thePasswordShowsInNoOutputLogOrFile() throws Exception {
    assertFalse(dicomweb.stdout().contains(PASSWORD) || dicomweb.stderr().contains(PASSWORD), "the console shows the password");
    try (Stream<Path> files = Files.walk(fromDicomweb)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(PASSWORD), file + " holds the password");
      }
    }
  }

  @Test
  void aWrongPasswordStopsTheRunWithOneClearLineBeforeAnythingIsWritten() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong-credentials"), USER + ":not-" + PASSWORD + "\n");
    Path output = dir.resolve("never-scored");
    CliRun run = score(output, "--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", wrong.toString());
    assertEquals(2, run.exitCode(), run.stderr());
    assertEquals("error: " + orthanc.dicomwebUrl() + "/studies?limit=1: HTTP 401: the server refused the credentials of user '"
        + USER + "' from file " + wrong + "\n", run.stderr());
    assertFalse(run.stdout().contains(PASSWORD) || run.stderr().contains(PASSWORD));
    assertFalse(Files.exists(output), "nothing was scored or written");

    CliRun anonymous = score(output, "--dicomweb", orthanc.dicomwebUrl());
    assertEquals(2, anonymous.exitCode(), anonymous.stderr());
    assertTrue(anonymous.stderr().contains("HTTP 401: the server requires credentials: set TRAUMAFLOW_DICOMWEB_USER and "
        + "TRAUMAFLOW_DICOMWEB_PASSWORD, or give a credentials file"), anonymous.stderr());
  }

  @Test
  void aDatasetAndAServiceTogetherAreRefused() {
    CliRun both = score(dir.resolve("never-both"), "--input", SmallDataset.root().toString(), "--dicomweb", orthanc.dicomwebUrl());
    assertEquals(2, both.exitCode(), both.stderr());
    assertTrue(both.stderr().contains("--input") && both.stderr().contains("--dicomweb") && both.stderr().contains("mutually exclusive"),
        both.stderr());
  }
}
