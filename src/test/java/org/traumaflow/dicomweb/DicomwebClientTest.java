package org.traumaflow.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomDataset;
import org.traumaflow.dicom.DicomElement;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.SeriesReadResult;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.dicom.Tag;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.testing.OrthancServer;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SmallDataset;

/**
 * The DICOMweb client against a real Orthanc with basic authentication, holding the synthetic
 * test split (RLE) and a real scanner file: QIDO-RS finds what was stored, WADO-RS returns the
 * stored files, and every failure names its URL and never the password.
 */
class DicomwebClientTest {
  /** The built-in rules, down to one slice: these tests read whatever series they stored. */
  private static final SeriesSelection ANY_CT = new SeriesSelection(List.of("CT"), List.of("LOCALIZER"), 30, 1, List.of(0.05, 20.0), 32);

  private static final String USER = "reader";
  private static final String PASSWORD = "pw-7c1e9a";
  private static final Map<String, String> ENVIRONMENT = Map.of(
      DicomwebCredentials.USER_VARIABLE, USER, DicomwebCredentials.PASSWORD_VARIABLE, PASSWORD);
  @TempDir static Path dir;
  static OrthancServer orthanc;
  static Path real;

  @BeforeAll
  static void archive() throws Exception {
    orthanc = OrthancServer.start(dir.resolve("orthanc"), USER, PASSWORD);
    for (Path series : SmallDataset.seriesDirectories(false)) {
      for (Path slice : SmallDataset.slices(series)) {
        orthanc.upload(slice);
      }
    }
    real = ReferenceTools.pydicomTestFile("CT_small.dcm");
    orthanc.upload(real);
  }

  @AfterAll
  static void stop() {
    if (orthanc != null) {
      orthanc.close();
    }
  }

  private static DicomwebClient client() throws DicomwebException {
    return DicomwebClient.open(DicomwebEndpoint.at(orthanc.dicomwebUrl()), ENVIRONMENT);
  }

  private static DicomDataset header(Path file) throws DicomException {
    return Part10Reader.readHeader(file).dataset();
  }

  @Test
  void qidoFindsEveryStoredStudySeriesAndInstanceWithItsPatientId() throws Exception {
    DicomwebClient client = client();
    List<QidoStudy> studies = client.studies();
    Set<String> patients = studies.stream().map(QidoStudy::patientId).collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(Set.of("1CT1"));
    for (Path series : SmallDataset.seriesDirectories(false)) {
      expected.add(series.getParent().getFileName().toString());
    }
    assertEquals(expected, patients);

    for (Path seriesDir : SmallDataset.seriesDirectories(false)) {
      List<Path> slices = SmallDataset.slices(seriesDir);
      DicomDataset first = header(slices.get(0));
      String study = first.string(Tag.STUDY_INSTANCE_UID).orElseThrow();
      String series = first.string(Tag.SERIES_INSTANCE_UID).orElseThrow();
      assertTrue(client.series(study).contains(new QidoSeries(series, "CT")), seriesDir.toString());
      Set<String> stored = new TreeSet<>();
      for (Path slice : slices) {
        stored.add(header(slice).string(Tag.SOP_INSTANCE_UID).orElseThrow() + " #" + header(slice).integer(Tag.INSTANCE_NUMBER).getAsInt());
      }
      Set<String> listed = client.instances(study, series).stream().map(i -> i.sopInstanceUid() + " #" + i.instanceNumber())
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(stored, listed, seriesDir.toString());
    }
  }

  @Test
  void wadoRsReturnsTheStoredFilesWithTheirPixelDataInTheStoredSyntax() throws Exception {
    DicomwebClient client = client();
    List<Path> files = new ArrayList<>(List.of(real));
    files.add(SmallDataset.slices(SmallDataset.seriesDirectories(false).get(0)).get(0));
    for (Path file : files) {
      DicomDataset stored = header(file);
      String url = client.instanceUrl(stored.string(Tag.STUDY_INSTANCE_UID).orElseThrow(),
          stored.string(Tag.SERIES_INSTANCE_UID).orElseThrow(), stored.string(Tag.SOP_INSTANCE_UID).orElseThrow());
      byte[] retrieved = client.retrieve(url);
      DicomElement expected = Part10Reader.read(file).dataset().element(Tag.PIXEL_DATA).orElseThrow();
      DicomElement actual = Part10Reader.parse(url, retrieved, false).dataset().element(Tag.PIXEL_DATA).orElseThrow();
      assertArrayEquals(expected.value(), actual.value(), file.toString());
      assertEquals(expected.fragments().size(), actual.fragments().size(), file.toString());
      for (int i = 0; i < expected.fragments().size(); i++) {
        assertArrayEquals(expected.fragments().get(i), actual.fragments().get(i), file + " fragment " + i);
      }
      assertArrayEquals(Files.readAllBytes(file), retrieved, file + ": Orthanc returns the stored file unchanged");
    }
  }

  @Test
  void aSeriesReadFromItsInstanceUrlsEqualsTheSeriesReadFromItsFiles() throws Exception {
    DicomwebClient client = client();
    Path seriesDir = SmallDataset.seriesDirectories(false).get(0);
    DicomDataset first = header(SmallDataset.slices(seriesDir).get(0));
    String study = first.string(Tag.STUDY_INSTANCE_UID).orElseThrow();
    String series = first.string(Tag.SERIES_INSTANCE_UID).orElseThrow();
    List<String> urls = new ArrayList<>();
    for (QidoInstance instance : client.instances(study, series)) {
      urls.add(client.instanceUrl(study, series, instance.sopInstanceUid()));
    }
    CtSeries fromFiles = SeriesReader.read(SmallDataset.slices(seriesDir));
    SeriesReadResult<CtSeries> fromService = DicomwebSeriesReader.read(client, "s", urls, ANY_CT);
    assertTrue(fromService.skipped().isEmpty(), fromService.skipped().toString());
    assertArrayEquals(fromFiles.hu(), fromService.series().hu());
    assertArrayEquals(fromFiles.instanceNumbers(), fromService.series().instanceNumbers());

    // One instance the service does not have: left out and reported by its URL, the rest read.
    String missing = client.instanceUrl(study, series, "1.2.3.4");
    List<String> withMissing = new ArrayList<>(urls);
    withMissing.add(missing);
    SeriesReadResult<CtSeries> partial = DicomwebSeriesReader.read(client, "s", withMissing, ANY_CT);
    assertEquals(1, partial.skipped().size());
    assertTrue(partial.skipped().get(0) instanceof UnretrievableInstanceException);
    assertEquals(missing + ": HTTP 404: not found", partial.skipped().get(0).getMessage());
    assertEquals(fromFiles.slices(), partial.series().slices());
  }

  @Test
  void aWrongPasswordIsRefusedNamingTheUrlTheUserAndWhereTheCredentialsCameFromButNotThePassword() throws Exception {
    Map<String, String> wrong = new HashMap<>(ENVIRONMENT);
    wrong.put(DicomwebCredentials.PASSWORD_VARIABLE, "not-" + PASSWORD);
    DicomwebStatusException refused = assertThrows(DicomwebStatusException.class,
        () -> DicomwebClient.open(DicomwebEndpoint.at(orthanc.dicomwebUrl()), wrong).probe());
    assertEquals(401, refused.status());
    assertEquals(orthanc.dicomwebUrl() + "/studies?limit=1: HTTP 401: the server refused the credentials of user 'reader' from "
        + "environment variables TRAUMAFLOW_DICOMWEB_USER/TRAUMAFLOW_DICOMWEB_PASSWORD", refused.getMessage());
    assertFalse(refused.getMessage().contains(PASSWORD));

    DicomwebStatusException anonymous = assertThrows(DicomwebStatusException.class,
        () -> DicomwebClient.open(DicomwebEndpoint.at(orthanc.dicomwebUrl()), Map.of()).studies());
    assertTrue(anonymous.getMessage().contains("HTTP 401: the server requires credentials: set TRAUMAFLOW_DICOMWEB_USER"),
        anonymous.getMessage());
  }

  @Test
  void stowRsStoresIntoTheStudyAndAStoppedOrRefusingArchiveIsATypedErrorWithItsStatus() throws Exception {
    byte[] part10 = Files.readAllBytes(real);
    String study = header(real).string(Tag.STUDY_INSTANCE_UID).orElseThrow();
    String series = header(real).string(Tag.SERIES_INSTANCE_UID).orElseThrow();
    String instance = header(real).string(Tag.SOP_INSTANCE_UID).orElseThrow();
    // Stored already: storing the same instance again replaces it, as a re-run's retry does.
    client().store(study, List.of(part10));
    assertArrayEquals(part10, client().retrieve(client().instanceUrl(study, series, instance)));

    orthanc.refuseStow(true);
    try {
      DicomwebStatusException refused = assertThrows(DicomwebStatusException.class, () -> client().store(study, List.of(part10)));
      assertEquals(403, refused.status());
      assertEquals(orthanc.dicomwebUrl() + "/studies/" + study, refused.location());
    } finally {
      orthanc.refuseStow(false);
    }

    DicomwebClient stopped = DicomwebClient.open(DicomwebEndpoint.at("http://127.0.0.1:1/dicom-web"), ENVIRONMENT);
    DicomwebException unreachable = assertThrows(DicomwebException.class, () -> stopped.store(study, List.of(part10)));
    assertTrue(unreachable.getMessage().startsWith("http://127.0.0.1:1/dicom-web/studies/" + study + ": request failed: ConnectException"),
        unreachable.getMessage());
  }

  @Test
  void aServerThatIsNotADicomwebRootGivesATypedErrorNamingTheUrl() throws Exception {
    // Orthanc's own REST API answers /studies with a JSON array of its ids, not QIDO-RS matches.
    DicomwebClient notDicomweb = DicomwebClient.open(DicomwebEndpoint.at(orthanc.restUrl()), ENVIRONMENT);
    MalformedResponseException wrong = assertThrows(MalformedResponseException.class, notDicomweb::studies);
    assertTrue(wrong.getMessage().startsWith(orthanc.restUrl() + "/studies?includefield=00100020: not a QIDO-RS JSON response"),
        wrong.getMessage());

    DicomwebClient nothingThere = DicomwebClient.open(DicomwebEndpoint.at(orthanc.restUrl() + "/no-such-root"), ENVIRONMENT);
    DicomwebStatusException missing = assertThrows(DicomwebStatusException.class, nothingThere::studies);
    assertEquals(404, missing.status());

    DicomwebClient closed = DicomwebClient.open(DicomwebEndpoint.at("http://127.0.0.1:1/dicom-web"), ENVIRONMENT);
    DicomwebException unreachable = assertThrows(DicomwebException.class, closed::probe);
    assertTrue(unreachable.getMessage().startsWith("http://127.0.0.1:1/dicom-web/studies?limit=1: request failed: ConnectException"),
        unreachable.getMessage());
  }

  @Test
  void credentialsComeFromAFileBeforeTheEnvironmentAndNeverShowThePassword() throws Exception {
    Path file = Files.writeString(dir.resolve("credentials"), USER + ":" + PASSWORD + "\n");
    DicomwebCredentials fromFile = DicomwebCredentials.resolve(file.toString(), Map.of()).orElseThrow();
    assertEquals("file " + file, fromFile.origin());
    assertFalse(fromFile.toString().contains(PASSWORD));
    DicomwebClient.open(new DicomwebEndpoint(orthanc.dicomwebUrl(), null, file.toString()), Map.of()).probe();

    assertEquals(USER, DicomwebCredentials.resolve(null, ENVIRONMENT).orElseThrow().user());
    assertTrue(DicomwebCredentials.resolve(null, Map.of()).isEmpty());
    Path noColon = Files.writeString(dir.resolve("bad-credentials"), PASSWORD + "\n");
    DicomwebException bad = assertThrows(DicomwebException.class, () -> DicomwebCredentials.resolve(noColon.toString(), Map.of()));
    assertEquals(noColon + ": the credentials file's first line must be user:password", bad.getMessage());
    DicomwebException half = assertThrows(DicomwebException.class,
        () -> DicomwebCredentials.resolve(null, Map.of(DicomwebCredentials.PASSWORD_VARIABLE, PASSWORD)));
    assertFalse(half.getMessage().contains(PASSWORD));
    assertThrows(IllegalArgumentException.class, () -> DicomwebEndpoint.at("http://reader:" + PASSWORD + "@127.0.0.1/dicom-web"));
  }
}
