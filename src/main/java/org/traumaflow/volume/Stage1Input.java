package org.traumaflow.volume;

import java.util.Arrays;
import org.traumaflow.dicom.CtSeries;

/**
 * The segmentation model's input for one series (METHOD.md, stage 1): every
 * {@code sliceStep}-th slice, soft-tissue windowed to [0, 1], resized to size x size.
 *
 * @param sourceSlices for each stage-1 slice, the index of the series slice it came from
 * @param size rows and columns of each stage-1 slice
 * @param voxels sourceSlices.length x size x size values in [0, 1]
 */
public record Stage1Input(int[] sourceSlices, int size, float[] voxels) {

  /**
   * @param window the window applied before resizing
   * @param size output rows and columns (128 in the method)
   * @param sliceStep keep every n-th slice (2 in the method)
   */
  public record Settings(SliceWindow window, int size, int sliceStep) {
    public static final Settings METHOD = new Settings(SliceWindow.SOFT_TISSUE, 128, 2);

    public Settings {
      if (size < 8 || sliceStep < 1) {
        throw new IllegalArgumentException("stage-1 size must be at least 8 and slice step at least 1");
      }
    }
  }

  public static Stage1Input of(CtSeries series, Settings settings) {
    int slices = (series.slices() + settings.sliceStep() - 1) / settings.sliceStep();
    int rows = series.rows();
    int columns = series.columns();
    int size = settings.size();
    int[] sources = new int[slices];
    float[] voxels = new float[slices * size * size];
    short[] hu = series.hu();
    SliceWindow window = settings.window();
    for (int s = 0; s < slices; s++) {
      int source = s * settings.sliceStep();
      sources[s] = source;
      int base = source * rows * columns;
      Bilinear.resize((r, c) -> window.unit(hu[base + r * columns + c]), rows, columns, voxels, s * size * size, size, size);
    }
    return new Stage1Input(sources, size, voxels);
  }

  public int slices() {
    return sourceSlices.length;
  }

  /**
   * The stage-1 slice nearest to full-resolution slice {@code slice}, the later of two at the
   * same distance: what stands in for a slice the stage-1 input skipped, so that visibility and
   * aux masks of one slice come from the same stage-1 slice.
   */
  public int nearestSlice(int slice) {
    int found = Arrays.binarySearch(sourceSlices, slice);
    if (found >= 0) {
      return found;
    }
    int after = -found - 1;
    if (after == 0) {
      return 0;
    }
    if (after == sourceSlices.length) {
      return after - 1;
    }
    return slice - sourceSlices[after - 1] < sourceSlices[after] - slice ? after - 1 : after;
  }
}
