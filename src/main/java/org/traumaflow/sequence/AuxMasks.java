package org.traumaflow.sequence;

import java.util.Arrays;
import java.util.List;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;

/**
 * The aux heads' targets for one series: for a full-resolution slice, the stage-1 masks of the
 * nearest stage-1 slice ({@link Stage1Input#nearestSlice}), one per {@link MaskOrgan} (the
 * kidney is the union of both kidneys), cropped with the study's box on the stage-1 grid and
 * resized to {@code maskSize x maskSize} by nearest neighbour as cv2's {@code INTER_NEAREST}
 * does (source pixel {@code floor(x * source / target)}), the interpolation albumentations'
 * {@code Resize} applies to masks in the method's code, so masks stay 0 or 1.
 */
public final class AuxMasks {
  private final OrganMasks masks;
  private final Stage1Input stage1;
  private final int maskSize;
  private final int[] sourceRows;
  private final int[] sourceColumns;

  public AuxMasks(OrganMasks masks, Stage1Input stage1, CropBox crop, int maskSize) {
    if (masks.slices() != stage1.slices()) {
      throw new IllegalArgumentException("masks of " + masks.slices() + " slices for a stage-1 input of " + stage1.slices());
    }
    this.masks = masks;
    this.stage1 = stage1;
    this.maskSize = maskSize;
    CropBox.PixelBox box = crop.toPixels(masks.height(), masks.width());
    this.sourceRows = nearest(box.row0(), box.rows(), maskSize);
    this.sourceColumns = nearest(box.col0(), box.columns(), maskSize);
  }

  /** Writes the {@link MaskOrgan#COUNT} masks of full-resolution slice {@code slice} at {@code out[offset]}, organ-major. */
  public void copyInto(int slice, byte[] out, int offset) {
    int stage1Slice = stage1.nearestSlice(slice);
    int plane = maskSize * maskSize;
    for (MaskOrgan organ : MaskOrgan.values()) {
      int to = offset + organ.ordinal() * plane;
      Arrays.fill(out, to, to + plane, (byte) 0);
      for (Organ member : members(organ)) {
        int from = masks.sliceOffset(member, stage1Slice);
        byte[] voxels = masks.voxels();
        for (int r = 0; r < maskSize; r++) {
          int row = from + sourceRows[r] * masks.width();
          for (int c = 0; c < maskSize; c++) {
            out[to + r * maskSize + c] |= voxels[row + sourceColumns[c]];
          }
        }
      }
    }
  }

  private static List<Organ> members(MaskOrgan organ) {
    return switch (organ) {
      case LIVER -> OrganGroup.LIVER.members();
      case SPLEEN -> OrganGroup.SPLEEN.members();
      case KIDNEY -> OrganGroup.KIDNEY.members();
      case BOWEL -> OrganGroup.BOWEL.members();
    };
  }

  /** cv2's INTER_NEAREST source index of each target pixel, offset by the crop's start. */
  private static int[] nearest(int start, int length, int target) {
    double scale = 1.0 / ((double) target / length);
    int[] source = new int[target];
    for (int i = 0; i < target; i++) {
      source[i] = start + Math.min((int) Math.floor(i * scale), length - 1);
    }
    return source;
  }
}
