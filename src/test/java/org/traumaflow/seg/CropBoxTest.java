package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CropBoxTest {

  static void set(OrganMasks masks, Organ organ, int slice, int row, int col) {
    masks.voxels()[masks.index(organ, slice, row, col)] = 1;
  }

  @Test
  void theBoxIsTheUnionOfEveryOrganOverAllSlicesAsFractions() {
    OrganMasks masks = OrganMasks.empty(3, 128, 128);
    set(masks, Organ.LIVER, 0, 40, 20);
    set(masks, Organ.SPLEEN, 1, 30, 100);
    set(masks, Organ.LEFT_KIDNEY, 2, 70, 90);
    set(masks, Organ.RIGHT_KIDNEY, 2, 72, 30);
    set(masks, Organ.BOWEL, 1, 95, 64);
    CropBox box = CropBox.of(masks);
    assertEquals(new CropBox(30 / 128.0, 96 / 128.0, 20 / 128.0, 101 / 128.0), box);
  }

  @Test
  void emptyMasksCropNothing() {
    assertEquals(CropBox.WHOLE, CropBox.of(OrganMasks.empty(2, 16, 16)));
    assertTrue(CropBox.of(OrganMasks.empty(2, 16, 16)).isWhole());
  }

  @Test
  void aBoxFrom128MasksCoversTheSameOrgansOn512Slices() {
    OrganMasks masks = OrganMasks.empty(1, 128, 128);
    set(masks, Organ.LIVER, 0, 10, 20);
    set(masks, Organ.BOWEL, 0, 99, 64);
    CropBox.PixelBox pixels = CropBox.of(masks).toPixels(512, 512);
    assertEquals(new CropBox.PixelBox(40, 400, 80, 260), pixels);
    // every full-resolution pixel under a marked mask pixel is inside
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        assertTrue(pixels.contains(10 * 4 + r, 20 * 4 + c));
        assertTrue(pixels.contains(99 * 4 + r, 64 * 4 + c));
      }
    }
    assertEquals(360, pixels.rows());
    assertEquals(180, pixels.columns());
  }

  @Test
  void mappingRoundsOutwardsOnSizesThatDoNotDivide() {
    CropBox box = new CropBox(1 / 3.0, 2 / 3.0, 0.1, 0.95);
    assertEquals(new CropBox.PixelBox(170, 342, 51, 487), box.toPixels(512, 512));
    assertEquals(new CropBox.PixelBox(0, 512, 0, 500), CropBox.WHOLE.toPixels(512, 500));
  }

  @Test
  void boxesOutsideTheImageOrEmptyAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CropBox(0.5, 0.5, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new CropBox(-0.1, 0.5, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new CropBox(0, 1, 0, 1.2));
  }
}
