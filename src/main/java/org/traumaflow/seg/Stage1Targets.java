package org.traumaflow.seg;

import org.traumaflow.preprocess.Stage1Input;

/**
 * The training targets of the segmentation model for one series: its organ label volume (on
 * the DICOM grid, labels 1..5 as in the competition's masks) reduced the way the image was —
 * the stage-1 slices only, each resized to size x size by nearest neighbour, so that a label
 * is never blended into a value that names no organ.
 */
public final class Stage1Targets {
  private Stage1Targets() {}

  /**
   * @param labels slices x rows x columns organ labels (0 background) in assembled order
   * @param rows rows of the full-resolution slices
   * @param columns columns of the full-resolution slices
   * @param stage1 the stage-1 input made from the same series
   */
  public static OrganMasks of(byte[] labels, int rows, int columns, Stage1Input stage1) {
    int size = stage1.size();
    int slices = stage1.slices();
    byte[] voxels = new byte[Organ.COUNT * slices * size * size];
    int[] sourceRow = nearest(rows, size);
    int[] sourceColumn = nearest(columns, size);
    for (int s = 0; s < slices; s++) {
      int base = stage1.sourceSlices()[s] * rows * columns;
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          int label = labels[base + sourceRow[r] * columns + sourceColumn[c]];
          if (label >= 1 && label <= Organ.COUNT) {
            voxels[(((label - 1) * slices + s) * size + r) * size + c] = 1;
          }
        }
      }
    }
    return new OrganMasks(slices, size, size, voxels);
  }

  /** For each output index, the source index whose pixel centre is nearest. */
  private static int[] nearest(int sourceLength, int outLength) {
    int[] map = new int[outLength];
    double scale = (double) sourceLength / outLength;
    for (int i = 0; i < outLength; i++) {
      map[i] = Math.min(sourceLength - 1, (int) Math.floor((i + 0.5) * scale));
    }
    return map;
  }
}
