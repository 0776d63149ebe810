package org.traumaflow.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.nifti.Affine;
import org.traumaflow.nifti.DicomGridMapper;
import org.traumaflow.nifti.NiftiImage;
import org.traumaflow.nifti.NiftiReader;
import org.traumaflow.testing.SmallDataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The written masks, read with our NIfTI reader and put on the DICOM grid read with
 * SeriesReader through their affines, cover the organs the generator drew.
 */
class SegmentationOverlapTest {

  @Test
  void masksMappedThroughTheirAffineOverlapTheGeneratorsOrgansWithDiceAbove095() throws IOException, DicomException {
    List<PatientPlan> plans = DatasetPlanner.plan(SmallDataset.config(SmallDataset.root()));
    int checked = 0;
    for (PatientPlan patient : plans) {
      for (SeriesPlan series : patient.series()) {
        if (!series.segmentation()) {
          continue;
        }
        CompetitionLayout layout = SmallDataset.layout();
        CtSeries ct = SeriesReader.read(SmallDataset.slices(layout.seriesDirectory(true, patient.patientId(), series.seriesId())));
        NiftiImage mask = NiftiReader.read(layout.segmentation(series.seriesId()));
        byte[] fromMask = DicomGridMapper.labelsOnGrid(mask, ct.geometry());
        byte[] fromModel = modelLabels(patient, series, ct.geometry());
        String where = "series " + series.seriesId();
        for (OrganLabel organ : OrganLabel.values()) {
          double dice = dice(fromMask, fromModel, (byte) organ.value());
          if (!Double.isNaN(dice)) {
            assertTrue(dice > 0.95, where + " " + organ + ": Dice " + dice);
          }
        }
        assertTrue(count(fromModel, OrganLabel.LIVER) > 100, where + " shows the liver");
        assertStoredUnlikeTheDicom(mask.header().affine(), ct.geometry(), where);
        // The CT under the mask is what the mask says it is (eroded masks keep away from blurred edges).
        double liver = interiorMeanHu(ct, fromMask, OrganLabel.LIVER);
        assertTrue(liver > 45 && liver < 160, where + " liver HU " + liver);
        double spleen = interiorMeanHu(ct, fromMask, OrganLabel.SPLEEN);
        assertTrue(Double.isNaN(spleen) || (spleen > 60 && spleen < 170), where + " spleen HU " + spleen);
        checked++;
      }
    }
    assertTrue(checked > 0, "the small dataset has segmentations");
    try (var list = Files.list(SmallDataset.layout().segmentations())) {
      assertEquals(checked, list.count(), "one mask per planned series");
    }
  }

  @Test
  void theMaskHasOneKPlanePerSliceAndTheCtGridInPlane() throws IOException, DicomException {
    Path masks = SmallDataset.layout().segmentations();
    try (var list = Files.list(masks)) {
      for (Path file : list.sorted().toList()) {
        NiftiImage mask = NiftiReader.read(file);
        int seriesId = Integer.parseInt(file.getFileName().toString().replace(".nii", ""));
        Path series = SmallDataset.seriesDirectories(true).stream().filter(p -> p.getFileName().toString().equals(Integer.toString(seriesId))).findFirst().orElseThrow();
        CtSeries ct = SeriesReader.read(SmallDataset.slices(series));
        assertEquals(ct.slices(), mask.header().nz(), file.toString());
        assertEquals(ct.rows() * ct.columns(), mask.header().nx() * mask.header().ny(), file.toString());
        assertArrayEquals(new double[] {ct.geometry().pixelSpacing()[1], ct.geometry().pixelSpacing()[0]},
            new double[] {Math.min(mask.header().affine().axisLength(0), mask.header().affine().axisLength(1)),
              Math.max(mask.header().affine().axisLength(0), mask.header().affine().axisLength(1))}, 1e-4);
        assertEquals(ct.geometry().medianSliceSpacing(), mask.header().affine().axisLength(2), 1e-3);
      }
    }
  }

  /** The generator's own organ model drawn on the grid the DICOM files describe. */
  static byte[] modelLabels(PatientPlan patient, SeriesPlan series, SeriesGeometry g) {
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, g.imageOrientation(), 1e-6, "axial slices");
    AbdomenModel model = AbdomenModel.sample(patient.seed(), patient.labels());
    SynthConfig config = SmallDataset.config(SmallDataset.root());
    SeriesWriter.Design design = new SeriesWriter(SmallDataset.layout(), null, config.size(), config.maxSlices()).design(patient, series, model);
    double[] first = g.firstPosition();
    SliceCanvas canvas = new SliceCanvas(g.rows(), g.columns(), first[0], first[1], g.pixelSpacing()[1], g.pixelSpacing()[0],
        design.acquisition().sliceThickness() / 2);
    int plane = g.rows() * g.columns();
    byte[] labels = new byte[plane * g.slices()];
    for (int k = 0; k < g.slices(); k++) {
      canvas.reset(first[2] + g.slicePositions()[k] - g.slicePositions()[0]);
      model.paint(canvas, design.contrast());
      System.arraycopy(canvas.label, 0, labels, k * plane, plane);
    }
    return labels;
  }

  /** Dice of one label between two label volumes; NaN when neither has it. */
  static double dice(byte[] a, byte[] b, byte label) {
    long both = 0;
    long inA = 0;
    long inB = 0;
    for (int i = 0; i < a.length; i++) {
      boolean x = a[i] == label;
      boolean y = b[i] == label;
      inA += x ? 1 : 0;
      inB += y ? 1 : 0;
      both += x && y ? 1 : 0;
    }
    return inA + inB == 0 ? Double.NaN : 2.0 * both / (inA + inB);
  }

  private static int count(byte[] labels, OrganLabel organ) {
    int n = 0;
    for (byte b : labels) {
      n += b == organ.value() ? 1 : 0;
    }
    return n;
  }

  /** A mask stored in the DICOM's own order would make a wrong reader look right; ours are not. */
  private static void assertStoredUnlikeTheDicom(Affine affine, SeriesGeometry g, String where) {
    // In DICOM order, voxel i would step along +x (LPS), i.e. -x in RAS, and j along -y in RAS.
    boolean dicomOrder = affine.get(0, 0) < 0 && Math.abs(affine.get(1, 0)) < 1e-6 && affine.get(1, 1) < 0 && Math.abs(affine.get(0, 1)) < 1e-6;
    assertFalse(dicomOrder, where + ": mask stored in the DICOM's own order: " + affine);
  }

  private static double interiorMeanHu(CtSeries ct, byte[] labels, OrganLabel organ) {
    int rows = ct.rows();
    int cols = ct.columns();
    double sum = 0;
    long n = 0;
    for (int s = 0; s < ct.slices(); s++) {
      for (int r = 1; r < rows - 1; r++) {
        for (int c = 1; c < cols - 1; c++) {
          int i = (s * rows + r) * cols + c;
          byte l = (byte) organ.value();
          if (labels[i] == l && labels[i - 1] == l && labels[i + 1] == l && labels[i - cols] == l && labels[i + cols] == l) {
            sum += ct.hu(s, r, c);
            n++;
          }
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
