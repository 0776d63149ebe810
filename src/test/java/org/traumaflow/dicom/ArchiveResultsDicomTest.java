package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.ReferenceTools;

/**
 * The SR document and Secondary Capture images TraumaFlow writes back into a study, made from a
 * real CT file's header (pydicom's CT_small.dcm) and checked by the tools nobody on this project
 * wrote: dcmtk's {@code dsrdump}, dicom3tools' {@code dciodvfy} and pydicom.
 */
class ArchiveResultsDicomTest {
  @TempDir static Path dir;
  static StudyHeader study;
  static Path report;
  static List<Path> keyImages = new ArrayList<>();
  static final double[] VALUES = {0.123456789012345678, 1e-9, 0.5, 1.0};

  @BeforeAll
  static void writeBoth() throws Exception {
    study = StudyHeader.of(Part10Reader.readHeader(ReferenceTools.pydicomTestFile("CT_small.dcm")));
    byte[] rgb = new byte[4 * 6 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    String keySeries = DerivedUid.of(study.studyInstanceUid(), "key-images");
    List<DicomInstance> images = KeyImageSeries.write(study, keySeries, "key images", List.of(
        new KeyImageSeries.KeyImage(DerivedUid.of(keySeries, "1"), 4, 6, rgb), new KeyImageSeries.KeyImage(DerivedUid.of(keySeries, "2"), 4, 6, rgb)),
        ZonedDateTime.now());
    for (DicomInstance image : images) {
      keyImages.add(Files.write(dir.resolve(image.sopInstanceUid() + ".dcm"), image.part10()));
    }
    CodedConcept probability = new CodedConcept("{probability}", "UCUM", "probability");
    List<TraumaFindingsReport.Measurement> measurements = new ArrayList<>();
    for (int i = 0; i < VALUES.length; i++) {
      measurements.add(new TraumaFindingsReport.Measurement(CodedConcept.local("TF-P" + i, "probability " + i), VALUES[i], probability));
    }
    DicomInstance sr = new TraumaFindingsReport(List.of(study), List.of("model-a", "model-b"), "ab".repeat(32), measurements,
        List.of(CodedConcept.local("TF-LIVER-HIGH", "Liver injury, high grade"))).write(DerivedUid.of(study.studyInstanceUid(), "sr"),
        DerivedUid.of(study.studyInstanceUid(), "sr", "1"), images, ZonedDateTime.now());
    report = Files.write(dir.resolve("report.dcm"), sr.part10());
  }

  @Test
  void derivedUidsAreValidAndTheSameForTheSameName() {
    for (String name : List.of("a", "b", "1.2.3|ffff", "")) {
      String uid = DerivedUid.of(name, "x");
      assertTrue(uid.length() <= 64 && uid.matches("2\\.25\\.[1-9][0-9]*"), uid);
      assertEquals(uid, DerivedUid.of(name, "x"));
    }
    assertFalse(DerivedUid.of("a", "x").equals(DerivedUid.of("a", "y")));
  }

  @Test
  void dsrdumpReadsTheReportAndItsNumbers() {
    String dump = ReferenceTools.run("dsrdump", "-Ee", "-Ec", report.toString());
    assertTrue(dump.contains("Comprehensive SR Document"), dump);
    assertTrue(dump.contains("NOT FOR DIAGNOSTIC USE"), dump);
    assertTrue(dump.contains("Liver injury, high grade"), dump);
    assertTrue(dump.contains("\"0.12345678901235\" ({probability},UCUM,\"probability\")"), dump);
  }

  @Test
  void dciodvfyFindsNoErrorInTheReportOrTheImages() {
    List<Path> all = new ArrayList<>(keyImages);
    all.add(report);
    for (Path file : all) {
      ReferenceTools.Result result = ReferenceTools.runAllowingFailure("dciodvfy", file.toString());
      String out = result.stdout() + result.stderr();
      assertFalse(out.contains("Error"), file + ": " + out);
    }
  }

  @Test
  void pydicomReadsTheExactNumbersAndTheStudysOwnIdentity() {
    String script = String.join("\n",
        "import sys, pydicom",
        "d = pydicom.dcmread(sys.argv[1])",
        "print(d.StudyInstanceUID, d.PatientID, d.Modality)",
        "for v in d.ContentSequence[2].ContentSequence: print(repr(float(v.MeasuredValueSequence[0].FloatingPointValue)))",
        "i = pydicom.dcmread(sys.argv[2])",
        "print(i.pixel_array.shape, i.pixel_array[0, 1].tolist(), i.StudyInstanceUID)");
    String out = ReferenceTools.run(ReferenceTools.PYTHON, "-c", script, report.toString(), keyImages.get(0).toString());
    List<String> lines = out.lines().toList();
    assertEquals(study.studyInstanceUid() + " 1CT1 SR", lines.get(0));
    for (int i = 0; i < VALUES.length; i++) {
      assertEquals(VALUES[i], Double.parseDouble(lines.get(1 + i)));
    }
    assertEquals("(4, 6, 3) [21, 28, 35] " + study.studyInstanceUid(), lines.get(1 + VALUES.length));
  }
}
