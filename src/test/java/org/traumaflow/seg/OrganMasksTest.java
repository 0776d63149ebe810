package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrganMasksTest {

  @Test
  void voxelsAreOrganMajorThenSliceRowColumn() {
    OrganMasks masks = OrganMasks.empty(3, 4, 5);
    int index = ((Organ.RIGHT_KIDNEY.channel() * 3 + 2) * 4 + 1) * 5 + 3;
    assertEquals(index, masks.index(Organ.RIGHT_KIDNEY, 2, 1, 3));
    masks.voxels()[index] = 1;
    assertTrue(masks.contains(Organ.RIGHT_KIDNEY, 2, 1, 3));
    assertFalse(masks.contains(Organ.LEFT_KIDNEY, 2, 1, 3));
    assertEquals(1, masks.pixelCount(Organ.RIGHT_KIDNEY, 2));
    assertEquals(0, masks.pixelCount(Organ.RIGHT_KIDNEY, 1));
    assertEquals(1, masks.voxelCount(Organ.RIGHT_KIDNEY));
    byte[] slice = masks.slice(Organ.RIGHT_KIDNEY, 2);
    assertEquals(20, slice.length);
    assertEquals(1, slice[1 * 5 + 3]);
  }

  @Test
  void channelsFollowTheCompetitionMaskLabels() {
    assertEquals(Organ.LIVER, Organ.ofMaskLabel(1));
    assertEquals(Organ.SPLEEN, Organ.ofMaskLabel(2));
    assertEquals(Organ.LEFT_KIDNEY, Organ.ofMaskLabel(3));
    assertEquals(Organ.RIGHT_KIDNEY, Organ.ofMaskLabel(4));
    assertEquals(Organ.BOWEL, Organ.ofMaskLabel(5));
    assertThrows(IllegalArgumentException.class, () -> Organ.ofMaskLabel(0));
  }

  @Test
  void wrongSizesAndNonBinaryVoxelsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new OrganMasks(2, 2, 2, new byte[39]));
    byte[] voxels = new byte[40];
    voxels[7] = 2;
    assertThrows(IllegalArgumentException.class, () -> new OrganMasks(2, 2, 2, voxels));
    assertThrows(IndexOutOfBoundsException.class, () -> OrganMasks.empty(2, 2, 2).index(Organ.LIVER, 2, 0, 0));
  }

  @Test
  void equalMasksAreEqual() {
    OrganMasks a = OrganMasks.empty(2, 3, 3);
    OrganMasks b = OrganMasks.empty(2, 3, 3);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    b.voxels()[0] = 1;
    assertFalse(a.equals(b));
    assertArrayEquals(new byte[9], a.slice(Organ.BOWEL, 1));
  }
}
