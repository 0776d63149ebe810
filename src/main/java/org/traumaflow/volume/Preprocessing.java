package org.traumaflow.volume;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.CtSeries;

/** METHOD.md's preprocessing of one series: the windowed variants and the stage-1 input. */
public final class Preprocessing {
  public static final String OURS = "ours";
  public static final String THEO = "theo";

  /**
   * @param variants which windowed volumes to make ("ours", "theo")
   * @param window the "ours" window
   * @param stage1 the stage-1 input's settings
   */
  public record Settings(List<String> variants, SliceWindow window, Stage1Input.Settings stage1) {}

  private Preprocessing() {}

  public static PreparedSeries prepare(CtSeries series, Settings settings) {
    int sliceSize = series.rows() * series.columns();
    List<WindowedVolume> volumes = new ArrayList<>();
    for (String variant : settings.variants()) {
      byte[] voxels = new byte[series.hu().length];
      if (variant.equals(OURS)) {
        settings.window().toUint8(series.hu(), 0, voxels, 0, voxels.length);
      } else if (variant.equals(THEO)) {
        FileWindow window = new FileWindow(series.display());
        for (int s = 0; s < series.slices(); s++) {
          window.toUint8(series.hu(), s * sliceSize, voxels, s * sliceSize, sliceSize);
        }
      } else {
        throw new IllegalArgumentException("unknown preprocessing variant " + variant);
      }
      volumes.add(new WindowedVolume(variant, series.slices(), series.rows(), series.columns(), voxels));
    }
    return new PreparedSeries(
        series.seriesInstanceUid(),
        series.geometry(),
        series.instanceNumbers(),
        series.transferSyntaxUids(),
        series.issues(),
        List.copyOf(volumes),
        Stage1Input.of(series, settings.stage1()));
  }
}
