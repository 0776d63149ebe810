package org.traumaflow.sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Which full-resolution slices make each stage-2 window: the method code's
 * {@code get_volume_data(step=100, stride=2, stride_cutoff=400)} followed by its
 * {@code rows[:TAKE_FIRST]} (96) and its grouping of consecutive slices into channel triplets.
 *
 * <p>With {@code n} slices (in assembled order) and the config's step, stride and cutoff:
 *
 * <ol>
 *   <li>if {@code n > strideCutoff}, only every {@code stride}-th slice is used, starting at the
 *       first: {@code m = ceil(n / stride)} rows;
 *   <li>if {@code m < step}: one window resampled to {@code step} rows, row {@code k} being
 *       {@code int(x_k * m)} with {@code x_k = k * (1.0 / step)}, exactly the code's
 *       {@code rows.iloc[int(x * len(rows))] for x in np.arange(0, 1, 1 / step)} in float64 (not
 *       {@code np.linspace}: the code used {@code arange}, and truncates). Like the code, this
 *       repeats rows of a short series and inherits its rounding: at {@code m = 50},
 *       {@code 0.58 * 50} is 28.999999999999996, so row 28 is taken three times and row 29 once;
 *   <li>otherwise the consecutive windows {@code [i * step, (i + 1) * step)} for
 *       {@code i < m / step}, plus a last window of the final {@code step} rows when {@code m} is
 *       not a multiple of {@code step} (the code's {@code take_last}: when it is a multiple, the
 *       last window would repeat the previous one and is not made).
 * </ol>
 *
 * Each window keeps its first {@code keep} rows; rows {@code 3s, 3s + 1, 3s + 2} are step
 * {@code s}'s three channels, and its label comes from the middle one (the code's
 * {@code [p::NC]} with {@code p = 1}).
 */
public final class SliceSelection {
  private SliceSelection() {}

  /**
   * One window's slices.
   *
   * @param index the window's position among its series' windows
   * @param sourceSlices {@code STEPS * CHANNELS} full-resolution slice indices, step-major
   */
  public record Window(int index, int[] sourceSlices) {
    public Window {
      if (sourceSlices.length != SequenceSample.STEPS * SequenceSample.CHANNELS) {
        throw new IllegalArgumentException(
            "a window has " + SequenceSample.STEPS * SequenceSample.CHANNELS + " slices, got " + sourceSlices.length);
      }
    }

    /** The full-resolution slice of {@code step}'s {@code channel}. */
    public int slice(int step, int channel) {
      return sourceSlices[step * SequenceSample.CHANNELS + channel];
    }

    /** The slice a step's targets and aux masks come from: the middle of its triplet. */
    public int middleSlice(int step) {
      return slice(step, SequenceSample.CHANNELS / 2);
    }
  }

  /** The windows of a series of {@code slices} slices, in order. */
  public static List<Window> windows(int slices, SequenceConfig config) {
    if (slices < 1) {
      throw new IllegalArgumentException("a series needs at least one slice, got " + slices);
    }
    int stride = slices > config.strideCutoff() ? config.stride() : 1;
    int rows = (slices + stride - 1) / stride;
    int step = config.step();
    List<int[]> windows = new ArrayList<>();
    if (rows < step) {
      int[] resampled = new int[step];
      for (int k = 0; k < step; k++) {
        resampled[k] = (int) (k * (1.0 / step) * rows);
      }
      windows.add(resampled);
    } else {
      for (int start = 0; start + step <= rows; start += step) {
        windows.add(range(start, step));
      }
      if (rows % step != 0) {
        windows.add(range(rows - step, step));
      }
    }
    List<Window> out = new ArrayList<>(windows.size());
    for (int[] window : windows) {
      int[] kept = new int[config.keep()];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = window[i] * stride;
      }
      out.add(new Window(out.size(), kept));
    }
    return List.copyOf(out);
  }

  private static int[] range(int start, int length) {
    int[] rows = new int[length];
    for (int i = 0; i < length; i++) {
      rows[i] = start + i;
    }
    return rows;
  }
}
