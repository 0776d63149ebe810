package org.traumaflow.preprocess;

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
    Builder builder = new Builder(series.slices(), series.rows(), series.columns(), settings);
    int plane = series.rows() * series.columns();
    for (int slice = 0; slice < series.slices(); slice++) {
      builder.accept(slice, series.hu(), slice * plane);
    }
    return builder.build();
  }

  /**
   * Makes the stage-1 input from the full-resolution slices given one at a time, so that a
   * series decoded slice by slice never needs its HU volume whole.
   */
  public static final class Builder {
    private final int rows;
    private final int columns;
    private final Settings settings;
    private final int[] sources;
    private final float[] voxels;

    /** For a series of {@code slices} slices of {@code rows x columns}. */
    public Builder(int slices, int rows, int columns, Settings settings) {
      this.rows = rows;
      this.columns = columns;
      this.settings = settings;
      int kept = (slices + settings.sliceStep() - 1) / settings.sliceStep();
      sources = new int[kept];
      for (int s = 0; s < kept; s++) {
        sources[s] = s * settings.sliceStep();
      }
      voxels = new float[kept * settings.size() * settings.size()];
    }

    /** Takes full-resolution slice {@code slice}'s HU from {@code hu} at {@code offset} when the input keeps that slice. */
    public void accept(int slice, short[] hu, int offset) {
      if (slice % settings.sliceStep() != 0) {
        return;
      }
      int size = settings.size();
      SliceWindow window = settings.window();
      Bilinear.resize((r, c) -> window.unit(hu[offset + r * columns + c]), rows, columns, voxels,
          slice / settings.sliceStep() * size * size, size, size);
    }

    public Stage1Input build() {
      return new Stage1Input(sources, settings.size(), voxels);
    }
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
