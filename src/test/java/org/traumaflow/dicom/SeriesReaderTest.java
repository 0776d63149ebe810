package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.traumaflow.testing.ReferenceTools.pydicomTestFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.testing.CtSeriesFixture;
import org.traumaflow.testing.ReferenceTools;

/** What a {@link CtSeries} carries besides its voxels, and how a series survives bad slices. */
class SeriesReaderTest {
  @TempDir Path dir;

  @Test
  void corruptSlicesAreLeftOutAndReportedWhileEnoughRemain() throws Exception {
    CtSeriesFixture.of("1.2.3.900", 6).writeTo(dir, TransferSyntax.RLE_LOSSLESS);
    Path truncated = dir.resolve("3.dcm");
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
    Path badPixels = dir.resolve("5.dcm");
    byte[] bytes = Files.readAllBytes(badPixels);
    bytes[bytes.length - 40] ^= 0x7F; // inside the RLE data: the segment no longer fills its plane
    bytes[bytes.length - 41] ^= 0x7F;
    Files.write(badPixels, bytes);
    List<DicomSource> sources = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      sources.add(DicomSource.of(dir.resolve(i + ".dcm")));
    }

    SeriesSelection axialCt = new SeriesSelection(List.of("CT"), List.of("LOCALIZER"), 30, 3, List.of(0.05, 20.0), 32);
    SeriesReadResult<CtSeries> result = SeriesReader.readTolerant("series 900", sources, axialCt);
    List<String> skipped = result.skipped().stream().map(DicomException::source).toList();
    assertTrue(skipped.contains(truncated.toString()), skipped.toString());
    assertEquals(6 - skipped.size(), result.series().slices());
    assertFalse(java.util.Arrays.stream(result.series().instanceNumbers()).anyMatch(n -> n == 3));

    InconsistentSeriesException tooFew = assertThrows(InconsistentSeriesException.class,
        () -> SeriesReader.readTolerant("series 900", sources, axialCt.withMinSlices(6)));
    assertTrue(tooFew.reason().contains("at least 6 needed"), tooFew.getMessage());
  }

  @Test
  void laterSlicesTruncatedInTheirPixelDataAreAllFoundWithoutDecodingTheSeriesOncePerBadSlice() throws Exception {
    int slices = 12;
    CtSeriesFixture.of("1.2.3.901", slices).writeTo(dir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    List<String> truncated = new ArrayList<>();
    for (int i = 7; i <= slices; i++) {
      Path slice = dir.resolve(i + ".dcm");
      byte[] whole = Files.readAllBytes(slice);
      Files.write(slice, Arrays.copyOf(whole, whole.length * 3 / 5)); // the header intact, the pixels cut
      truncated.add(slice.toString());
    }
    List<DicomSource> sources = new ArrayList<>();
    for (int i = 1; i <= slices; i++) {
      sources.add(DicomSource.of(dir.resolve(i + ".dcm")));
    }
    int[] decodings = {0};
    SeriesSelection axialCt = new SeriesSelection(List.of("CT"), List.of("LOCALIZER"), 30, 3, List.of(0.05, 20.0), 32);

    SeriesReadResult<CtSeries> result = SeriesReader.readTolerant("series 901", sources, axialCt, layout -> {
      decodings[0]++;
      return SeriesReader.decode(layout);
    });

    assertEquals(truncated, result.skipped().stream().map(DicomException::source).sorted(
        java.util.Comparator.comparingInt(name -> Integer.parseInt(Path.of(name).getFileName().toString().replace(".dcm", "")))).toList());
    assertEquals(6, result.series().slices());
    // Once to meet the first bad slice, once more without all of them: linear in the slices, not one decoding per bad slice.
    assertEquals(2, decodings[0], "decodings of the series");
  }

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
