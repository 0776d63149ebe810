package org.traumaflow.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.nifti.NiftiImage;
import org.traumaflow.nifti.NiftiReader;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SmallDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;


/**
 * The generated files read back through our own reader and through tools nobody on this project
 * wrote: Debian's pydicom, dcmtk's dcmdump and nibabel (CI installs python3-pydicom
 * python3-numpy python3-nibabel dcmtk; a missing one fails with the package to install).
 */
class ReferenceReadersTest {
  /** One line per file: folder, file, tags, and the slice's HU sum, minimum and maximum. */
  private static final String PYDICOM = String.join("\n",
      "import os, sys",
      "try:",
      "    import numpy, pydicom",
      "except ImportError as e:",
      "    print('pydicom/numpy missing: install Debian python3-pydicom python3-numpy: %s' % e)",
      "    sys.exit(3)",
      "for folder in sys.argv[1:]:",
      "    for name in sorted(os.listdir(folder)):",
      "        ds = pydicom.dcmread(os.path.join(folder, name))",
      "        hu = ds.pixel_array.astype(numpy.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)",
      "        print(folder, name, ds.InstanceNumber, ds.SOPInstanceUID, ds.SeriesInstanceUID, ds.StudyInstanceUID, ds.PatientID,",
      "              ds.PatientPosition, ds.file_meta.TransferSyntaxUID, ds.BitsStored, ds.PixelRepresentation,",
      "              int(hu.sum()), int(hu.min()), int(hu.max()))");

  @Test
  void pydicomDecodesEverySliceToTheHuOurSeriesReaderReturns() throws DicomException {
    List<Path> folders = new ArrayList<>(SmallDataset.seriesDirectories(true));
    folders.addAll(SmallDataset.seriesDirectories(false));
    List<String> command = new ArrayList<>(List.of(ReferenceTools.PYTHON, "-c", PYDICOM));
    folders.forEach(f -> command.add(f.toString()));
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(command.toArray(String[]::new));
    if (result.exitCode() == 3) {
      fail(result.stdout());
    }
    assertEquals(0, result.exitCode(), result.stderr());
    Map<String, String[]> byFile = new HashMap<>();
    for (String line : result.stdout().strip().split("\n")) {
      String[] cells = line.split(" ");
      byFile.put(cells[0] + "/" + cells[1], cells);
    }

    for (Path folder : folders) {
      List<Path> files = SmallDataset.slices(folder);
      CtSeries series = SeriesReader.read(files);
      assertEquals(files.size(), series.slices(), folder + ": every file is a slice");
      String seriesId = folder.getFileName().toString();
      String patientId = folder.getParent().getFileName().toString();
      int plane = series.rows() * series.columns();
      for (int k = 0; k < series.slices(); k++) {
        int instance = series.instanceNumbers()[k];
        String[] py = byFile.get(folder + "/" + instance + ".dcm");
        assertTrue(py != null, folder + ": pydicom did not list instance " + instance);
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = k * plane; i < (k + 1) * plane; i++) {
          sum += series.hu()[i];
          min = Math.min(min, series.hu()[i]);
          max = Math.max(max, series.hu()[i]);
        }
        String where = folder + "/" + instance + ".dcm";
        assertEquals(Integer.toString(instance), py[2], where + " InstanceNumber is the file name");
        assertTrue(py[3].endsWith(".1." + instance), where + " SOPInstanceUID " + py[3]);
        assertTrue(py[4].endsWith("." + seriesId), where + " SeriesInstanceUID " + py[4]);
        assertTrue(py[5].endsWith("." + patientId), where + " StudyInstanceUID " + py[5]);
        assertEquals(patientId, py[6], where + " PatientID is the patient folder");
        assertEquals("1.2.840.10008.1.2.5", py[8], where + " RLE Lossless");
        assertEquals(sum + " " + min + " " + max, py[11] + " " + py[12] + " " + py[13], where + " HU sum/min/max, ours vs pydicom");
        assertTrue(py[7].equals("HFS") || py[7].equals("FFS"), where + " PatientPosition " + py[7]);
      }
      assertTrue(min(series.instanceNumbers()) >= 1);
    }
    assertTrue(byFile.size() > 100, "pydicom read " + byFile.size() + " files");
  }

  @Test
  void dcmdumpAcceptsASliceOfEverySeriesWithoutErrorsOrWarnings() {
    List<String> command = new ArrayList<>(List.of("dcmdump"));
    for (boolean train : new boolean[] {true, false}) {
      for (Path folder : SmallDataset.seriesDirectories(train)) {
        List<Path> files = SmallDataset.slices(folder);
        command.add(files.get(0).toString());
        command.add(files.get(files.size() - 1).toString());
      }
    }
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(command.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.stderr());
    String all = result.stdout() + result.stderr();
    assertFalse(all.contains("E: ") || all.contains("W: "), all.lines().filter(l -> l.contains("E: ") || l.contains("W: ")).limit(5).toList().toString());
    assertTrue(result.stdout().contains("(7fe0,0010)"), "pixel data dumped");
  }

  @Test
  void nibabelReadsEveryMaskWithTheAffineAndVoxelsOurReaderSees() throws IOException {
    List<Path> masks;
    try (var list = Files.list(SmallDataset.layout().segmentations())) {
      masks = list.sorted().toList();
    }
    assertFalse(masks.isEmpty());
    List<String> command = new ArrayList<>(List.of(ReferenceTools.PYTHON, "-c", org.traumaflow.nifti.NibabelScript.TEXT));
    masks.forEach(m -> command.add(m.toString()));
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(command.toArray(String[]::new));
    if (result.exitCode() == 3) {
      fail(result.stdout());
    }
    assertEquals(0, result.exitCode(), result.stderr());
    String[] lines = result.stdout().strip().split("\n");
    for (int m = 0; m < masks.size(); m++) {
      NiftiImage ours = NiftiReader.read(masks.get(m));
      String[] affine = lines[2 * m].trim().split(" ");
      for (int row = 0; row < 3; row++) {
        for (int col = 0; col < 4; col++) {
          assertEquals(ours.header().affine().get(row, col), Double.parseDouble(affine[row * 4 + col]), 1e-4, masks.get(m) + " affine");
        }
      }
      long checksum = 0;
      int maxLabel = 0;
      byte[] data = ours.data();
      for (int i = 0; i < data.length; i++) {
        checksum += (long) (data[i] & 0xff) * (i % 1009 + 1);
        maxLabel = Math.max(maxLabel, data[i] & 0xff);
      }
      assertEquals(ours.header().nx() + " " + ours.header().ny() + " " + ours.header().nz() + " " + checksum, lines[2 * m + 1], masks.get(m).toString());
      assertTrue(maxLabel >= 1 && maxLabel <= 5, "labels 1..5 only, found " + maxLabel);
    }
  }

  private static int min(int[] values) {
    int m = Integer.MAX_VALUE;
    for (int v : values) {
      m = Math.min(m, v);
    }
    return m;
  }
}
