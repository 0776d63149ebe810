package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.data.TransferSyntax;

/** The selection rules on headers alone: which rule leaves a series out, and that real axial CT passes. */
class SeriesSelectionTest {
  private static final SeriesSelection DEFAULTS = new SeriesSelection(List.of("CT"), List.of("LOCALIZER"), 30, 10, List.of(0.05, 20.0), 32);
  private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
  private static final List<String> ORIGINAL = List.of("ORIGINAL", "PRIMARY", "AXIAL");

  @Test
  void axialCtPassesAndSoDoesAGantryTilt() {
    assertDoesNotThrow(() -> DEFAULTS.check("axial", series(12, "CT", ORIGINAL, AXIAL)));
    double tilt = Math.toRadians(20);
    double[] tilted = {1, 0, 0, 0, Math.cos(tilt), -Math.sin(tilt)};
    assertDoesNotThrow(() -> DEFAULTS.check("tilted", series(12, "CT", ORIGINAL, tilted)));
    assertDoesNotThrow(() -> DEFAULTS.check("no orientation", series(12, "CT", ORIGINAL, new double[0])));
  }

  @Test
  void eachRuleNamesItselfInTheOrderTheyAreChecked() {
    assertEquals("modalities", rejected(series(1, "MR", List.of("ORIGINAL", "PRIMARY", "LOCALIZER"), new double[] {0, 1, 0, 0, 0, -1})));
    assertEquals("modalities", rejected(series(12, "", ORIGINAL, AXIAL)), "an absent Modality is not CT");
    assertEquals("exclude_image_types", rejected(series(3, "CT", List.of("original", "primary", "localizer"), new double[] {1, 0, 0, 0, 0, -1})));
    assertEquals("axial_tolerance_degrees", rejected(series(40, "CT", ORIGINAL, new double[] {0, 1, 0, 0, 0, -1})));
    assertEquals("min_slices", rejected(series(9, "CT", ORIGINAL, AXIAL)));
  }

  @Test
  void theReasonSaysWhatTheSeriesIs() {
    SeriesNotSelectedException e = assertThrows(SeriesNotSelectedException.class,
        () -> DEFAULTS.check("p/s", series(12, "CT", ORIGINAL, new double[] {1, 0, 0, 0, 0, -1})));
    assertTrue(e.getMessage().startsWith("p/s: not selected by rule axial_tolerance_degrees: 1.dcm's slices are 90.0 degrees from axial"), e.getMessage());
  }

  @Test
  void rulesOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SeriesSelection(List.of(), List.of(), 30, 10, List.of(0.05, 20.0), 32));
    assertThrows(IllegalArgumentException.class, () -> new SeriesSelection(List.of("CT"), List.of(), 91, 10, List.of(0.05, 20.0), 32));
    assertThrows(IllegalArgumentException.class, () -> new SeriesSelection(List.of("CT"), List.of(), 30, 0, List.of(0.05, 20.0), 32));
  }

  private static String rejected(List<SliceHeader> headers) {
    return assertThrows(SeriesNotSelectedException.class, () -> DEFAULTS.check("series", headers)).rule();
  }

  private static List<SliceHeader> series(int slices, String modality, List<String> imageType, double[] orientation) {
    List<SliceHeader> headers = new ArrayList<>();
    for (int i = 1; i <= slices; i++) {
      headers.add(new SliceHeader(DicomSource.of(Path.of(i + ".dcm")), "1.2.3." + i, "1.2.3", "1.2", "p", i, new double[] {0, 0, i},
          orientation, new double[] {0.8, 0.8}, 512, 512, 1, 1, TransferSyntax.RLE_LOSSLESS.uid(), 2.0,
          new DisplayWindow(50, 400, false), modality, imageType));
    }
    return headers;
  }
}
