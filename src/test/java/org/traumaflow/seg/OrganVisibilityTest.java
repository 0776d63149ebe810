package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OrganVisibilityTest {

  /** Marks the first {@code count} pixels of {@code organ} on {@code slice}. */
  static void paint(OrganMasks masks, Organ organ, int slice, int count) {
    int offset = masks.sliceOffset(organ, slice);
    for (int i = 0; i < count; i++) {
      masks.voxels()[offset + i] = 1;
    }
  }

  @Test
  void visibilityIsThePixelCountOverTheStudysMaximum() {
    OrganMasks masks = OrganMasks.empty(4, 4, 4);
    paint(masks, Organ.LIVER, 0, 2);
    paint(masks, Organ.LIVER, 1, 8);
    paint(masks, Organ.LIVER, 2, 4);
    OrganVisibility v = OrganVisibility.of(masks);
    assertArrayEquals(new float[] {0.25f, 1f, 0.5f, 0f}, v.values(OrganGroup.LIVER));
    assertEquals(1f, v.get(OrganGroup.LIVER, 1));
  }

  @Test
  void anOrganThatNeverAppearsIsInvisibleEverywhere() {
    OrganMasks masks = OrganMasks.empty(3, 4, 4);
    paint(masks, Organ.LIVER, 0, 5);
    OrganVisibility v = OrganVisibility.of(masks);
    assertArrayEquals(new float[3], v.values(OrganGroup.SPLEEN));
    assertArrayEquals(new float[3], v.values(OrganGroup.BOWEL));
    assertArrayEquals(new float[3], v.values(OrganGroup.KIDNEY));
  }

  @Test
  void theKidneyIsTheMoreVisibleOfTheTwoEachOnItsOwnMaximum() {
    OrganMasks masks = OrganMasks.empty(3, 4, 4);
    // left kidney: 10, 5, 0 pixels -> 1, 0.5, 0; right kidney: 0, 2, 4 -> 0, 0.5, 1
    paint(masks, Organ.LEFT_KIDNEY, 0, 10);
    paint(masks, Organ.LEFT_KIDNEY, 1, 5);
    paint(masks, Organ.RIGHT_KIDNEY, 1, 2);
    paint(masks, Organ.RIGHT_KIDNEY, 2, 4);
    // bowel: only on the last slice
    paint(masks, Organ.BOWEL, 2, 1);
    OrganVisibility v = OrganVisibility.of(masks);
    assertArrayEquals(new float[] {1f, 0.5f, 1f}, v.values(OrganGroup.KIDNEY));
    assertArrayEquals(new float[] {0f, 0f, 1f}, v.values(OrganGroup.BOWEL));
  }
}
