package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.preprocess.Stage1Input;

/** Full-resolution slices that stage 1 skipped borrow the nearest stage-1 slice's values. */
class StudyOrgansTest {

  @Test
  void aSkippedSliceTakesTheNearerStage1SliceAndTheLaterOneOnATie() {
    // stage-1 slices come from full-res slices 0, 2, 4 (every 2nd of 6)
    Stage1Input stage1 = new Stage1Input(new int[] {0, 2, 4}, 4, new float[3 * 16]);
    assertEquals(0, stage1.nearestSlice(0));
    assertEquals(1, stage1.nearestSlice(1), "halfway between 0 and 2: the later");
    assertEquals(1, stage1.nearestSlice(2));
    assertEquals(2, stage1.nearestSlice(3));
    assertEquals(2, stage1.nearestSlice(5), "past the last stage-1 slice: the last");

    Stage1Input sparse = new Stage1Input(new int[] {0, 3}, 4, new float[2 * 16]);
    assertEquals(0, sparse.nearestSlice(1));
    assertEquals(1, sparse.nearestSlice(2));
  }

  @Test
  void visibilityOfEveryFullResolutionSliceComesFromItsNearestStage1Slice() {
    OrganMasks masks = OrganMasks.empty(3, 4, 4);
    OrganVisibilityTest.paint(masks, Organ.LIVER, 0, 4);
    OrganVisibilityTest.paint(masks, Organ.LIVER, 1, 8);
    OrganVisibilityTest.paint(masks, Organ.LIVER, 2, 2);
    Stage1Input stage1 = new Stage1Input(new int[] {0, 2, 4}, 4, new float[3 * 16]);

    StudyOrgans organs = StudyOrgans.of(masks, stage1, geometry(6, 4, 1.0), StudyCrop.UNION);

    // stage-1 liver visibility 0.5, 1, 0.25 at full-res slices 0, 2, 4
    assertArrayEquals(new float[] {0.5f, 1f, 1f, 0.25f, 0.25f, 0.25f}, organs.visibility().get(OrganGroup.LIVER));
  }

  /** An axial series of {@code slices} slices of {@code size x size} pixels of {@code spacing} mm. */
  static SeriesGeometry geometry(int slices, int size, double spacing) {
    double[] positions = new double[slices];
    for (int i = 0; i < slices; i++) {
      positions[i] = 2.5 * i;
    }
    return new SeriesGeometry(size, size, new double[] {spacing, spacing}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0, 0, 0}, positions);
  }
}
