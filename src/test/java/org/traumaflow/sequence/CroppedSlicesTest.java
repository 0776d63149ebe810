package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.preprocess.Cv2Resize;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.CropBox;

/** Cropping to the study's box, then resizing as cv2.resize(INTER_LINEAR) does. */
class CroppedSlicesTest {
  @TempDir Path dir;

  @Test
  void aBrightSquareInsideTheCropLandsWhereTheCropPutsIt() {
    // 100 x 100, a 255 square on rows 40..59 and columns 50..69 of slice 1
    byte[] voxels = new byte[2 * 100 * 100];
    for (int r = 40; r < 60; r++) {
      for (int c = 50; c < 70; c++) {
        voxels[100 * 100 + r * 100 + c] = (byte) 255;
      }
    }
    WindowedVolume volume = new WindowedVolume("ours", 2, 100, 100, voxels);
    // rows 30..69 and columns 40..79: a 40 x 40 crop, the square at 10..29 in it; x2 to 80 x 80
    CroppedSlices slices = new CroppedSlices(volume, new CropBox(0.3, 0.7, 0.4, 0.8), 80);
    byte[] out = new byte[80 * 80];
    slices.copyInto(1, out, 0);

    // Upsampling x2, output pixel y samples source (y + 0.5) / 2 - 0.5: y = 20 is 9.75 (3/4 inside
    // the square), y = 19 is 9.25 (1/4 inside); likewise 59 and 60 at the far edge.
    int[] rows = brightRange(out, 80, true);
    int[] columns = brightRange(out, 80, false);
    assertArrayEquals(new int[] {20, 59}, rows, "rows brighter than half");
    assertArrayEquals(new int[] {20, 59}, columns, "columns brighter than half");
    assertEquals(255, out[40 * 80 + 40] & 0xFF);
    assertEquals(0, out[5 * 80 + 5]);
  }

  @Test
  void aResizedSliceIsCv2sResizeOfTheCropRounded() throws Exception {
    int rows = 90;
    int columns = 70;
    Random random = new Random(7);
    byte[] voxels = new byte[3 * rows * columns];
    random.nextBytes(voxels);
    WindowedVolume volume = new WindowedVolume("theo", 3, rows, columns, voxels);
    CroppedSlices slices = new CroppedSlices(volume, new CropBox(0.1, 0.9, 0.2, 0.7), 48);
    byte[] ours = new byte[48 * 48];
    slices.copyInto(2, ours, 0);

    // the box on 90 x 70 pixels: rows floor(9) .. ceil(81), columns floor(14) .. ceil(49)
    int r0 = 9;
    int c0 = 14;
    int cropRows = 81 - 9;
    int cropColumns = 49 - 14;
    float[] crop = new float[cropRows * cropColumns];
    for (int r = 0; r < cropRows; r++) {
      for (int c = 0; c < cropColumns; c++) {
        crop[r * cropColumns + c] = voxels[2 * rows * columns + (r0 + r) * columns + c0 + c] & 0xFF;
      }
    }
    float[] reference = Cv2Resize.resize(dir, crop, cropRows, cropColumns, 48, 48, "linear");
    double worst = 0;
    for (int i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs((ours[i] & 0xFF) - reference[i]));
    }
    // uint8 is cv2's float result rounded: at most half a level off
    assertTrue(worst <= 0.5 + 1e-3, "largest difference from cv2.resize: " + worst);
  }

  @Test
  void aSliceUsedTwiceIsResizedOnceAndCopiedIdentically() {
    byte[] voxels = new byte[4 * 30 * 30];
    new Random(3).nextBytes(voxels);
    CroppedSlices slices = new CroppedSlices(new WindowedVolume("ours", 4, 30, 30, voxels), CropBox.WHOLE, 20);
    byte[] first = new byte[2 * 400];
    byte[] second = new byte[3 * 400];
    slices.copyInto(3, first, 400);
    slices.copyInto(3, second, 800);
    slices.copyInto(1, second, 0);

    assertEquals(2, slices.resizedSlices());
    assertArrayEquals(Arrays.copyOfRange(first, 400, 800), Arrays.copyOfRange(second, 800, 1200));
  }

  /** First and last row (or column) holding a pixel above 127. */
  private static int[] brightRange(byte[] image, int size, boolean rows) {
    int first = size;
    int last = -1;
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        if ((image[r * size + c] & 0xFF) > 127) {
          int at = rows ? r : c;
          first = Math.min(first, at);
          last = Math.max(last, at);
        }
      }
    }
    return new int[] {first, last};
  }
}
