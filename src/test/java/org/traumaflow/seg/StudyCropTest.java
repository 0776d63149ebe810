package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudyCropTest {
  static final int SLICES = 8;
  static final int SIZE = 64;

  /** A liver (rows 16..31, columns 10..29) and a spleen (rows 20..27, columns 40..49) on slices 2..5. */
  static OrganMasks organs() {
    OrganMasks masks = OrganMasks.empty(SLICES, SIZE, SIZE);
    paint(masks, Organ.LIVER, 16, 32, 10, 30);
    paint(masks, Organ.SPLEEN, 20, 28, 40, 50);
    return masks;
  }

  static void paint(OrganMasks masks, Organ organ, int row0, int row1, int col0, int col1) {
    for (int s = 2; s < 6; s++) {
      for (int r = row0; r < row1; r++) {
        for (int c = col0; c < col1; c++) {
          masks.voxels()[masks.index(organ, s, r, c)] = 1;
        }
      }
    }
  }

  @Test
  void aStrayVoxelFarFromItsOrganDoesNotWidenTheCrop() {
    OrganMasks clean = organs();
    OrganMasks stray = organs();
    stray.voxels()[stray.index(Organ.LIVER, 7, 62, 61)] = 1;
    stray.voxels()[stray.index(Organ.SPLEEN, 0, 1, 2)] = 1;
    StudyCrop crop = new StudyCrop(0.05, 0);
    CropBox expected = new CropBox(16.0 / SIZE, 32.0 / SIZE, 10.0 / SIZE, 50.0 / SIZE);
    assertEquals(expected, crop.box(clean, 100, 100));
    assertEquals(expected, crop.box(stray, 100, 100));
    // Without the component rule the two voxels stretch the box to the image's corners.
    assertEquals(new CropBox(1.0 / SIZE, 63.0 / SIZE, 2.0 / SIZE, 62.0 / SIZE), StudyCrop.UNION.box(stray, 100, 100));
  }

  @Test
  void anOrganInTwoComparablePiecesKeepsBoth() {
    OrganMasks masks = organs();
    paint(masks, Organ.LIVER, 40, 50, 10, 30);
    assertEquals(new CropBox(16.0 / SIZE, 50.0 / SIZE, 10.0 / SIZE, 50.0 / SIZE), new StudyCrop(0.05, 0).box(masks, 100, 100));
  }

  @Test
  void theMarginWidensTheBoxByItsMillimetresInPixelsOfTheFullImage() {
    // A 256 x 256 image: rows 0.5 mm apart, columns 0.8 mm; 8 mm is 16 rows and 10 columns.
    CropBox box = new StudyCrop(0.05, 8).box(organs(), 256 * 0.5, 256 * 0.8);
    // The organs at stage 1 (64 px) cover rows 16..31 and columns 10..49: 64..127 and 40..199 at 256 px.
    assertEquals(new CropBox.PixelBox(64 - 16, 128 + 16, 40 - 10, 200 + 10), box.toPixels(256, 256));
  }

  @Test
  void theMarginStopsAtTheImageEdge() {
    OrganMasks masks = OrganMasks.empty(SLICES, SIZE, SIZE);
    paint(masks, Organ.LIVER, 0, 10, 58, 64);
    CropBox box = new StudyCrop(0, 8).box(masks, 64, 64);
    assertEquals(new CropBox.PixelBox(0, 18, 50, 64), box.toPixels(64, 64));
  }

  @Test
  void noOrganVoxelGivesTheWholeImage() {
    assertEquals(CropBox.WHOLE, new StudyCrop(0.05, 10).box(OrganMasks.empty(SLICES, SIZE, SIZE), 300, 300));
    assertNotEquals(CropBox.WHOLE, new StudyCrop(0.05, 10).box(organs(), 300, 300));
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StudyCrop(-0.1, 10));
    assertThrows(IllegalArgumentException.class, () -> new StudyCrop(1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new StudyCrop(0.05, -1));
  }
}
