package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.traumaflow.testing.ReferenceTools.pydicomTestFile;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.testing.ReferenceTools;

/** What a {@link CtSeries} carries besides its voxels. */
class SeriesReaderTest {

  @Test
  void pixelPaddingValueIsKeptInHu() throws Exception {
    // pydicom reads CT_small's PixelPaddingValue as a signed value (the pixels are signed).
    String[] reference = ReferenceTools.run(ReferenceTools.PYTHON, "-c",
        "import pydicom; d = pydicom.dcmread('" + pydicomTestFile("CT_small.dcm") + "');"
            + "print(d.PixelPaddingValue, d.RescaleSlope, d.RescaleIntercept)").trim().split(" ");
    double expected = Double.parseDouble(reference[0]) * Double.parseDouble(reference[1]) + Double.parseDouble(reference[2]);
    CtSeries series = SeriesReader.read(List.of(pydicomTestFile("CT_small.dcm")));
    assertEquals(expected, series.pixelPaddingHu(), 1e-9);
    assertTrue(Double.isNaN(SeriesReader.read(List.of(pydicomTestFile("J2K_pixelrep_mismatch.dcm"))).pixelPaddingHu()));
  }

  @Test
  void displayWindowAndIdentityComeFromTheFiles() throws Exception {
    // This file lists three windows; the first one is the one a viewer opens with.
    Path file = pydicomTestFile("J2K_pixelrep_mismatch.dcm");
    CtSeries series = SeriesReader.read(List.of(file));
    String[] reference = ReferenceTools.run(ReferenceTools.PYTHON, "-c",
        "import pydicom; d = pydicom.dcmread('" + file + "');"
            + "print(d.PatientID, d.StudyInstanceUID, d.WindowCenter[0], d.WindowWidth[0])").trim().split(" ");
    assertEquals(reference[0], series.patientId());
    assertEquals(reference[1], series.studyInstanceUid());
    assertEquals(Double.parseDouble(reference[2]), series.display().center(), 1e-9);
    assertEquals(Double.parseDouble(reference[3]), series.display().width(), 1e-9);
    assertFalse(series.display().monochrome1());
  }
}
