package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.preprocess.Cv2Resize;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;

/** The aux heads' masks: stage-1 masks of the nearest stage-1 slice, cropped, resized by nearest neighbour. */
class AuxMasksTest {
  @TempDir Path dir;

  @Test
  void bothKidneysMakeOneKidneyMaskInTheCroppedAndResizedFrame() {
    // stage-1 slices from full-res 0 and 2; 8 x 8 masks; crop rows and columns 2..5, doubled to 8 x 8
    Stage1Input stage1 = new Stage1Input(new int[] {0, 2}, 8, new float[2 * 64]);
    OrganMasks masks = OrganMasks.empty(2, 8, 8);
    masks.voxels()[masks.index(Organ.LEFT_KIDNEY, 1, 2, 2)] = 1;
    masks.voxels()[masks.index(Organ.RIGHT_KIDNEY, 1, 5, 5)] = 1;
    masks.voxels()[masks.index(Organ.LIVER, 0, 3, 4)] = 1;
    AuxMasks aux = new AuxMasks(masks, stage1, new CropBox(0.25, 0.75, 0.25, 0.75), 8);

    byte[] out = new byte[MaskOrgan.COUNT * 64];
    aux.copyInto(1, out, 0); // halfway between stage-1 slices 0 and 2: the later, stage-1 slice 1

    int kidney = MaskOrgan.KIDNEY.ordinal() * 64;
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        boolean left = r < 2 && c < 2; // crop pixel (0, 0) = mask pixel (2, 2)
        boolean right = r >= 6 && c >= 6; // crop pixel (3, 3) = mask pixel (5, 5)
        assertEquals(left || right ? 1 : 0, out[kidney + r * 8 + c], "kidney at " + r + ", " + c);
      }
    }
    assertEquals(8, sum(out, kidney, 64));
    assertEquals(0, sum(out, MaskOrgan.LIVER.ordinal() * 64, 64), "the liver is only on stage-1 slice 0");

    aux.copyInto(0, out, 0);
    assertEquals(4, sum(out, MaskOrgan.LIVER.ordinal() * 64, 64), "slice 0 is stage-1 slice 0: the liver pixel, doubled");
    assertEquals(0, sum(out, kidney, 64), "what was written before is overwritten, not added to");
  }

  @Test
  void theResizeIsCv2sInterNearest() throws Exception {
    Random random = new Random(11);
    OrganMasks masks = OrganMasks.empty(1, 128, 128);
    for (int i = masks.sliceOffset(Organ.BOWEL, 0), end = i + 128 * 128; i < end; i++) {
      masks.voxels()[i] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
    }
    Stage1Input stage1 = new Stage1Input(new int[] {0}, 128, new float[128 * 128]);
    // rows floor(0.1 * 128) = 12 .. ceil(0.83 * 128) = 107, columns 32 .. 122: 95 x 90 onto 40 x 40
    AuxMasks aux = new AuxMasks(masks, stage1, new CropBox(0.1, 0.83, 0.25, 0.95), 40);
    byte[] out = new byte[MaskOrgan.COUNT * 1600];
    aux.copyInto(0, out, 0);

    float[] crop = new float[95 * 90];
    for (int r = 0; r < 95; r++) {
      for (int c = 0; c < 90; c++) {
        crop[r * 90 + c] = masks.voxels()[masks.index(Organ.BOWEL, 0, 12 + r, 32 + c)];
      }
    }
    float[] reference = Cv2Resize.resize(dir, crop, 95, 90, 40, 40, "nearest");
    int bowel = MaskOrgan.BOWEL.ordinal() * 1600;
    for (int i = 0; i < 1600; i++) {
      assertEquals(reference[i], out[bowel + i], "pixel " + i);
    }
  }

  private static int sum(byte[] values, int from, int length) {
    int sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += values[i];
    }
    return sum;
  }
}
