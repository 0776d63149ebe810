package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.data.TransferSyntax;

/** Slice order and irregularities, from headers alone. */
class SeriesAssemblerTest {

  @Test
  void obliqueSeriesIsOrderedAlongItsNormalNotAlongZ() throws Exception {
    // Rows along x, columns tilted 30 degrees between y and z: the normal mixes y and z.
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    double[] orientation = {1, 0, 0, 0, c, s};
    double[] normal = SeriesGeometry.normalOf(orientation);
    List<SliceHeader> headers = List.of(
        slice("a", 1, scaled(normal, 6), orientation),
        slice("b", 2, scaled(normal, 0), orientation),
        slice("c", 3, scaled(normal, 3), orientation));
    SeriesLayout layout = SeriesAssembler.assemble("oblique", headers);
    assertEquals(List.of("b", "c", "a"), layout.files().stream().map(h -> h.source().name()).toList());
    assertArrayEquals(new double[] {0, 3, 6}, layout.geometry().slicePositions(), 1e-9);
    assertEquals(3, layout.geometry().medianSliceSpacing(), 1e-9);
  }

  @Test
  void slicesAtTheSamePositionKeepTheLowerInstanceNumber() throws Exception {
    double[] axial = {1, 0, 0, 0, 1, 0};
    SeriesLayout layout = SeriesAssembler.assemble("dup", List.of(
        slice("x", 7, new double[] {0, 0, 5}, axial),
        slice("y", 3, new double[] {0, 0, 5}, axial),
        slice("z", 4, new double[] {0, 0, 10}, axial)));
    assertEquals(List.of("y", "z"), layout.files().stream().map(h -> h.source().name()).toList());
    assertEquals(SeriesIssue.Kind.DUPLICATE_POSITION, layout.issues().get(0).kind());
  }

  @Test
  void withoutPositionsInstanceNumbersOrderTheSlices() throws Exception {
    SeriesLayout layout = SeriesAssembler.assemble("nopos", List.of(
        slice("c", 3, new double[0], new double[0]),
        slice("a", 1, new double[0], new double[0]),
        slice("b", 2, new double[0], new double[0])));
    assertEquals(List.of("a", "b", "c"), layout.files().stream().map(h -> h.source().name()).toList());
    assertTrue(layout.issues().stream().anyMatch(i -> i.kind() == SeriesIssue.Kind.NO_POSITIONS));
  }

  @Test
  void mixedOrientationsAreRefused() {
    InconsistentSeriesException error = assertThrows(InconsistentSeriesException.class, () ->
        SeriesAssembler.assemble("mixed", List.of(
            slice("axial", 1, new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 1, 0}),
            slice("coronal", 2, new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 0, -1}))));
    assertTrue(error.reason().contains("mixed slice orientations"), error.getMessage());
  }

  @Test
  void noFilesIsAnError() {
    assertThrows(InconsistentSeriesException.class, () -> SeriesAssembler.assemble("empty", List.of()));
  }

  private static double[] scaled(double[] v, double k) {
    return new double[] {v[0] * k, v[1] * k, v[2] * k};
  }

  private static SliceHeader slice(String name, int instance, double[] position, double[] orientation) {
    return new SliceHeader(DicomSource.of(Path.of(name)), "1.2.3." + name, "1.2.3", "1.2", "p", instance, position, orientation,
        new double[] {0.8, 0.8}, 16, 16, 1, 1, TransferSyntax.RLE_LOSSLESS.uid(), 2.0,
        new DisplayWindow(50, 400, false), "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"));
  }
}
