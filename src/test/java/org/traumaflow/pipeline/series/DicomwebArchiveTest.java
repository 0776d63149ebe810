package org.traumaflow.pipeline.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.Tag;
import org.traumaflow.dicomweb.DicomwebClient;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.dicomweb.QidoInstance;
import org.traumaflow.dicomweb.QidoSeries;
import org.traumaflow.dicomweb.QidoStudy;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.pipeline.score.ScorePipeline;
import org.traumaflow.pipeline.score.ScorePipelineTest;
import org.traumaflow.pipeline.score.StoreResults;
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
 * a file, shows nowhere, and a wrong one stops the run before anything is written. With
 * {@code --store-results}, the results go back into the archive (STOW-RS) or a folder as a DICOM
 * SR and key images that reference tools accept, once per ensemble, and a refused store loses no score.
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
  /** The runs of {@link #storeResults}, in order: stored, stored again while refused, into a folder. */
  static Path stored;
  static CliRun storeFirst;
  static List<JsonNode> firstLetters;
  static String forgottenStudy;
  static CliRun storeAgain;
  static List<JsonNode> againLetters;
  static byte[] againPredictions;
  static CliRun storeFolder;

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

  /**
   * The scored output, copied, scored again (everything carried over) three times with
   * --store-results: into Orthanc; then, the ledger's record of one study's results deleted, while
   * Orthanc refuses STOW-RS (as an archive that is down or full does), so that only a run that
   * sends something meets the refusal; then into a folder.
   */
  static synchronized void storeResults() throws Exception {
    if (stored != null) {
      return;
    }
    Path output = SmallDataset.copyTree(fromDicomweb, dir.resolve("stored"));
    String[] store = {"--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", credentials.toString(), "--store-results"};
    storeFirst = score(output, append(store, "dicomweb"));
    firstLetters = ScorePipelineTest.lines(output.resolve(ScorePipeline.DEAD_LETTERS));
    Path forgotten = reportFiles(output.resolve("ledger/stored/dicomweb")).get(0);
    forgottenStudy = new ObjectMapper().readTree(forgotten.toFile()).get("study_instance_uid").asText();
    Files.delete(forgotten);
    orthanc.refuseStow(true);
    storeAgain = score(output, append(store, "dicomweb"));
    againLetters = ScorePipelineTest.lines(output.resolve(ScorePipeline.DEAD_LETTERS));
    againPredictions = Files.readAllBytes(output.resolve(ScorePipeline.PREDICTIONS));
    orthanc.refuseStow(false);
    storeFolder = score(output, append(store, "folder"));
    stored = output;
  }

  private static String[] append(String[] first, String last) {
    String[] all = java.util.Arrays.copyOf(first, first.length + 1);
    all[first.length] = last;
    return all;
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
  void aRefusedStoreKeepsEveryScoreAndDeadLettersTheStudyWithTheHttpStatus() throws Exception {
    storeResults();
    assertEquals(0, storeAgain.exitCode(), storeAgain.stderr());
    assertArrayEquals(Files.readAllBytes(fromDicomweb.resolve(ScorePipeline.PREDICTIONS)), againPredictions, "every score is kept");
    List<JsonNode> storeLetters = againLetters.stream().filter(l -> l.get("stage").asText().equals(StoreResults.STAGE)).toList();
    assertEquals(1, storeLetters.size(), "the one study whose record was deleted was sent, and refused: " + againLetters);
    JsonNode letter = storeLetters.get(0);
    assertTrue(letter.get("item").asText().endsWith("/" + forgottenStudy), letter.toString());
    assertEquals("DicomwebStatusException", letter.get("error").asText(), letter.toString());
    assertTrue(letter.get("reason").asText().startsWith("HTTP 403"), letter.toString());
    assertEquals(orthanc.dicomwebUrl() + "/studies/" + forgottenStudy, letter.get("location").asText());
  }

  @Test
  void theResultsAreStoredInTheirStudyAndReadBackThroughQidoAndWado() throws Exception {
    storeResults();
    assertEquals(0, storeFirst.exitCode(), storeFirst.stderr());
    assertTrue(firstLetters.stream().noneMatch(l -> l.get("stage").asText().equals(StoreResults.STAGE)), firstLetters.toString());
    DicomwebClient client = DicomwebClient.open(new DicomwebEndpoint(orthanc.dicomwebUrl(), null, credentials.toString()));
    Path retrieved = Files.createDirectories(dir.resolve("retrieved"));
    Map<String, JsonNode> predictions = new HashMap<>();
    for (JsonNode p : ScorePipelineTest.lines(stored.resolve(ScorePipeline.PREDICTIONS))) {
      predictions.put(p.get("patient_id").asText(), p);
    }
    int reports = 0;
    for (QidoStudy study : client.studies()) {
      List<QidoSeries> series = client.series(study.studyInstanceUid());
      for (QidoSeries one : series) {
        if (one.modality().equals("SR") || one.modality().equals("OT")) {
          for (QidoInstance instance : client.instances(study.studyInstanceUid(), one.seriesInstanceUid())) {
            byte[] part10 = client.retrieve(client.instanceUrl(study.studyInstanceUid(), one.seriesInstanceUid(), instance.sopInstanceUid()));
            Files.write(retrieved.resolve(one.modality() + "-" + instance.sopInstanceUid() + ".dcm"), part10);
            reports += one.modality().equals("SR") ? 1 : 0;
          }
        }
      }
    }
    assertEquals(predictions.values().stream().filter(p -> !p.get("fallback").asBoolean()).count(), reports, "one SR per scored study");
    // pydicom reads each SR: its study and patient are those of the series it references, its numbers those of predictions.jsonl.
    String script = String.join("\n",
        "import sys, json, glob, pydicom",
        "for f in sorted(glob.glob(sys.argv[1] + '/SR-*.dcm')):",
        "  d = pydicom.dcmread(f)",
        "  e = d.CurrentRequestedProcedureEvidenceSequence[0]",
        "  probs = [float(v.MeasuredValueSequence[0].FloatingPointValue) for v in d.ContentSequence[2].ContentSequence]",
        "  ds = [float(v.MeasuredValueSequence[0].NumericValue) for v in d.ContentSequence[2].ContentSequence]",
        "  print(json.dumps({'patient': d.PatientID, 'study': d.StudyInstanceUID, 'evidence_study': e.StudyInstanceUID,",
        "    'series': [s.SeriesInstanceUID for s in e.ReferencedSeriesSequence], 'probabilities': probs, 'ds': ds,",
        "    'codes': [v.ConceptNameCodeSequence[0].CodeValue for v in d.ContentSequence[2].ContentSequence],",
        "    'version': d.ContentSequence[1].ContentSequence[-1].TextValue, 'use': d.ContentSequence[0].TextValue,",
        "    'key_images': len(d.ContentSequence[4].ContentSequence)}))");
    List<String> lines = ReferenceTools.run(ReferenceTools.PYTHON, "-c", script, retrieved.toString()).lines().toList();
    assertEquals(reports, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode sr = json.readTree(line);
      JsonNode prediction = predictions.get(sr.get("patient").asText());
      assertTrue(prediction != null, "the SR's PatientID is the study's own: " + line);
      assertEquals(sr.get("study").asText(), sr.get("evidence_study").asText());
      for (JsonNode seriesUid : prediction.get("series")) {
        assertTrue(sr.get("series").toString().contains(seriesUid.asText()), "the SR references the scored series " + seriesUid + ": " + line);
      }
      List<String> columns = new ArrayList<>();
      prediction.get("probabilities").fieldNames().forEachRemaining(columns::add);
      assertEquals(14, sr.get("probabilities").size());
      for (int i = 0; i < columns.size(); i++) {
        assertEquals(prediction.get("probabilities").get(columns.get(i)).asDouble(), sr.get("probabilities").get(i).asDouble(), 0.0, columns.get(i));
        assertEquals(prediction.get("probabilities").get(columns.get(i)).asDouble(), sr.get("ds").get(i).asDouble(), 1e-12, columns.get(i));
      }
      assertEquals(prediction.get("any_injury").asDouble(), sr.get("probabilities").get(13).asDouble(), 0.0);
      assertEquals("TF-P14", sr.get("codes").get(13).asText());
      assertEquals(prediction.get("ensemble_sha256").asText(), sr.get("version").asText());
      assertTrue(sr.get("use").asText().startsWith("NOT FOR DIAGNOSTIC USE"));
      assertEquals(4 * prediction.get("series").size(), sr.get("key_images").asInt(), "one key image per organ group and scored series");
    }
    // The reference tools accept what the archive gives back: dcmtk's SR reader and dicom3tools' IOD checker.
    try (Stream<Path> files = Files.list(retrieved)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().startsWith("SR-")) {
          String dump = ReferenceTools.run("dsrdump", file.toString());
          assertTrue(dump.contains("Comprehensive SR Document") && dump.contains("{probability}"), dump);
        }
        ReferenceTools.Result check = ReferenceTools.runAllowingFailure("dciodvfy", file.toString());
        assertFalse((check.stdout() + check.stderr()).contains("Error"), file + ": " + check.stdout() + check.stderr());
      }
    }
  }

  @Test
  void aSecondNightStoresNothingAlreadyStoredAndAFolderGetsTheSameReports() throws Exception {
    storeResults();
    assertEquals(0, storeAgain.exitCode(), storeAgain.stderr());
    long scored = ScorePipelineTest.lines(stored.resolve(ScorePipeline.PREDICTIONS)).stream()
        .filter(p -> !p.get("fallback").asBoolean()).count();
    assertTrue(scored > 1, "more studies than the one whose record was deleted");
    assertEquals(1, againLetters.stream().filter(l -> l.get("stage").asText().equals(StoreResults.STAGE)).count(),
        "Orthanc refused every STOW-RS, and only the study the ledger had lost was sent: " + againLetters);
    assertEquals(0, storeFolder.exitCode(), storeFolder.stderr());
    List<String> ledger = reports(stored.resolve("ledger/stored/dicomweb"));
    List<String> folder = reports(stored.resolve("ledger/stored/folder"));
    assertTrue(folder.containsAll(ledger) && folder.size() == ledger.size() + 1,
        "the same reports, by UID, in the archive (but the one whose record was deleted) and the folder: " + ledger + " " + folder);
    List<String> files;
    try (Stream<Path> written = Files.walk(stored.resolve(StoreResults.FOLDER))) {
      files = written.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dcm") && !n.startsWith("."))
          .map(n -> n.replace(".dcm", "")).sorted().toList();
    }
    List<String> archived = new ArrayList<>();
    for (Path record : reportFiles(stored.resolve("ledger/stored/folder"))) {
      new ObjectMapper().readTree(record.toFile()).get("instances").forEach(uid -> archived.add(uid.asText()));
    }
    archived.sort(null);
    assertEquals(archived, files, "the folder holds the instances its records list");
    assertFalse(files.isEmpty());
  }

  @Test
  void aDatasetsStudiesGetTheSameReportsInAFolderAsTheSameStudiesFromTheArchive() throws Exception {
    storeResults();
    Path output = SmallDataset.copyTree(fromFolder, dir.resolve("stored-from-folder"));
    CliRun run = score(output, "--input", dir.resolve("folder").toString(), "--store-results", "folder");
    assertEquals(0, run.exitCode(), run.stderr());
    List<JsonNode> letters = ScorePipelineTest.lines(output.resolve(ScorePipeline.DEAD_LETTERS));
    assertTrue(letters.stream().noneMatch(l -> l.get("stage").asText().equals(StoreResults.STAGE)), letters.toString());
    // The UIDs come from the studies' own headers, whichever source named the series.
    assertEquals(reports(stored.resolve("ledger/stored/folder")), reports(output.resolve("ledger/stored/folder")));
  }

  /** The names of the ledger's records of stored results under {@code records}: the reports' UIDs. */
  private static List<String> reports(Path records) throws Exception {
    return reportFiles(records).stream().map(p -> p.getFileName().toString()).sorted().toList();
  }

  private static List<Path> reportFiles(Path records) throws Exception {
    try (Stream<Path> files = Files.walk(records)) {
      // Beside each record, the store leaves its hidden lock file.
      return files.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  @Test
  void storingIntoAnArchiveThatIsNotTheSourceOrAnUnknownPlaceIsRefusedBeforeAnythingIsScored() {
    Path output = dir.resolve("never-stored");
    CliRun fromFolder = score(output, "--input", SmallDataset.root().toString(), "--store-results", "dicomweb");
    assertEquals(2, fromFolder.exitCode(), fromFolder.stderr());
    assertTrue(fromFolder.stderr().contains("--store-results dicomweb stores into the --dicomweb service the studies are read from"),
        fromFolder.stderr());
    CliRun unknown = score(output, "--dicomweb", orthanc.dicomwebUrl(), "--dicomweb-credentials", credentials.toString(), "--store-results", "pacs");
    assertEquals(2, unknown.exitCode(), unknown.stderr());
    assertTrue(unknown.stderr().contains("--store-results (storeResults) is dicomweb or folder, not 'pacs'"), unknown.stderr());
    assertFalse(Files.exists(output), "nothing was scored or written");
  }

  @Test
  void aDatasetAndAServiceTogetherAreRefused() {
    CliRun both = score(dir.resolve("never-both"), "--input", SmallDataset.root().toString(), "--dicomweb", orthanc.dicomwebUrl());
    assertEquals(2, both.exitCode(), both.stderr());
    assertTrue(both.stderr().contains("--input") && both.stderr().contains("--dicomweb") && both.stderr().contains("mutually exclusive"),
        both.stderr());
  }
}
