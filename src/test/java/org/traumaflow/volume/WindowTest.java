package org.traumaflow.volume;

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
  void windowNeedsPositiveWidth() {
    assertThrows(IllegalArgumentException.class, () -> new SliceWindow(50, 0));
  }
}
