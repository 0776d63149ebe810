package org.traumaflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MaskGridTest {

  @Test
  void aCoarseCellIsInTheMaskWhenAtLeastHalfOfItsPixelsAre() {
    byte[] mask = {
      1, 1, 0, 0,
      1, 0, 0, 0,
      0, 0, 1, 0,
      0, 0, 0, 0
    };
    float[] out = new float[4];
    MaskGrid.resample(mask, 1, 4, 2, out, 0);
    assertArrayEquals(new float[] {1, 0, 0, 0}, out);
  }

  @Test
  void sizesThatDoNotDivideGroupPixelsByTheirCentres() {
    // 6 -> 4, cells 1.5 pixels wide: pixel centres 0.5..5.5 fall in cells 0, 1, 1, 2, 3, 3
    byte[] mask = new byte[36];
    for (int r = 0; r < 6; r++) {
      mask[r * 6 + 2] = 1; // column 2 is half of column cell 1
      mask[r * 6 + 3] = 1; // column 3 alone fills column cell 2
    }
    float[] out = new float[16];
    MaskGrid.resample(mask, 1, 6, 4, out, 0);
    for (int r = 0; r < 4; r++) {
      assertArrayEquals(new float[] {0, 1, 1, 0}, java.util.Arrays.copyOfRange(out, r * 4, r * 4 + 4), "row " + r);
    }
  }

  @Test
  void aFinerGridTakesTheNearestPixelAndPlanesStayApart() {
    byte[] masks = {1, 0, 0, 0, 0, 0, 0, 1};
    float[] out = new float[2 + 32];
    MaskGrid.resample(masks, 2, 2, 4, out, 2);
    float[] expected = {
      0, 0,
      1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1
    };
    assertArrayEquals(expected, out);
  }
}
