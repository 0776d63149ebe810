package org.traumaflow.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.DisplayWindow;

/** The two preprocessing variants' windows (METHOD.md, "Preprocessing variants"). */
class WindowTest {

  @Test
  void softTissueWindowMapsMinus150To250OntoTheByteRange() {
    SliceWindow window = SliceWindow.SOFT_TISSUE;
    assertEquals(0, window.uint8(-1000));
    assertEquals(0, window.uint8(-150));
    assertEquals(127, window.uint8(50), "0.5 x 255 = 127.5 truncates to 127");
    assertEquals(255, window.uint8(250));
    assertEquals(255, window.uint8(1500));
    assertEquals(0.5f, window.unit(50));
    assertEquals(0.25f, window.unit(-50));
  }

  @Test
  void fileWindowStretchesEachSliceAndInvertsMonochrome1() {
    short[] hu = {-2000, -20, 0, 20, 40, 3000};
    byte[] plain = new byte[hu.length];
    byte[] inverted = new byte[hu.length];
    new FileWindow(new DisplayWindow(10, 40, false)).toUint8(hu, 0, plain, 0, hu.length);
    new FileWindow(new DisplayWindow(10, 40, true)).toUint8(hu, 0, inverted, 0, hu.length);
    int[] expected = {0, 0, 63, 191, 255, 255}; // clip to -10..30, then (v + 10) / 40 x 255, truncated
    for (int i = 0; i < hu.length; i++) {
      assertEquals(expected[i], plain[i] & 0xFF, "value " + hu[i]);
      assertEquals(255 - expected[i], inverted[i] & 0xFF, "inverted value " + hu[i]);
    }
  }

  @Test
  void fileWithoutWindowFallsBackToSoftTissueAndFlatSliceIsBlack() {
    short[] hu = {-150, 50, 250};
    byte[] out = new byte[3];
    new FileWindow(new DisplayWindow(Double.NaN, Double.NaN, false)).toUint8(hu, 0, out, 0, 3);
    assertEquals(0, out[0] & 0xFF);
    assertEquals(127, out[1] & 0xFF);
    assertEquals(255, out[2] & 0xFF);
    short[] flat = {40, 40, 40};
    new FileWindow(new DisplayWindow(40, 400, false)).toUint8(flat, 0, out, 0, 3);
    assertEquals(0, out[0] + out[1] + out[2]);
  }

  @Test
  void lookedUpWindowsGiveWhatTheirArithmeticGivesForEveryHuValue() {
    short[] every = new short[1 << 16];
    for (int i = 0; i < every.length; i++) {
      every[i] = (short) (Short.MIN_VALUE + i);
    }
    byte[] ours = new byte[every.length];
    Uint8Table.of(SliceWindow.SOFT_TISSUE).apply(every, 0, ours, 0, every.length);
    for (int i = 0; i < every.length; i++) {
      assertEquals(SliceWindow.SOFT_TISSUE.uint8(every[i]), ours[i] & 0xFF, "HU " + every[i]);
    }
    // The file window stretches each slice between its own extremes, with a fractional window edge.
    java.util.Random random = new java.util.Random(7);
    for (boolean monochrome1 : new boolean[] {false, true}) {
      short[] slice = new short[4096];
      for (int i = 0; i < slice.length; i++) {
        slice[i] = (short) (random.nextInt(5000) - 2048);
      }
      double low = 40.5 - 350.0 / 2;
      double high = 40.5 + 350.0 / 2;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (short hu : slice) {
        min = Math.min(min, Math.max(low, Math.min(high, hu)));
        max = Math.max(max, Math.max(low, Math.min(high, hu)));
      }
      byte[] out = new byte[slice.length];
      new FileWindow(new DisplayWindow(40.5, 350, monochrome1)).toUint8(slice, 0, out, 0, slice.length);
      for (int i = 0; i < slice.length; i++) {
        int expected = (int) ((Math.max(low, Math.min(high, slice[i])) - min) / (max - min) * 255);
        assertEquals(monochrome1 ? 255 - expected : expected, out[i] & 0xFF, "HU " + slice[i]);
      }
    }
  }

  @Test
  void windowNeedsPositiveWidth() {
    assertThrows(IllegalArgumentException.class, () -> new SliceWindow(50, 0));
  }
}
