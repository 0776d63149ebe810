package org.traumaflow.preprocess;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DisplayWindow;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.dicom.SeriesIssue;
import org.traumaflow.dicom.SeriesLayout;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SliceHeader;
import org.traumaflow.dicom.data.DicomException;

/** METHOD.md's preprocessing of one series: the windowed variants and the stage-1 input. */
public final class Preprocessing {
  public static final String OURS = "ours";
  public static final String THEO = "theo";
  /**
   * The file, in a segmentation checkpoint, a stage-2 dataset and a run, that holds the
   * preprocessing spec they were made with, so that scoring can make its slices the same way.
   */
  public static final String RECORDED_SPEC = "preprocess.yaml";

  /**
   * @param variants which windowed volumes to make ("ours", "theo")
   * @param window the "ours" window
   * @param stage1 the stage-1 input's settings
   */
  public record Settings(List<String> variants, SliceWindow window, Stage1Input.Settings stage1) {}

  private Preprocessing() {}

  public static PreparedSeries prepare(CtSeries series, Settings settings) {
    Slices slices = new Slices(series.geometry(), series.display(), settings);
    int plane = series.rows() * series.columns();
    for (int s = 0; s < series.slices(); s++) {
      slices.accept(s, series.hu(), s * plane);
    }
    return slices.finish(series.seriesInstanceUid(), series.instanceNumbers(), series.transferSyntaxUids(), series.issues());
  }

  /**
   * Decodes an assembled series and prepares it slice by slice, with the same result as
   * {@link #prepare(CtSeries, Settings)} on the decoded series, without ever holding the HU
   * volume: a series in flight then takes its windowed volumes and stage-1 input, about its
   * int16 volume's size, not twice that.
   */
  public static PreparedSeries prepare(SeriesLayout layout, Settings settings) throws DicomException {
    SliceHeader lead = layout.files().get(0);
    Slices slices = new Slices(layout.geometry(), lead.window(), settings);
    SeriesReader.DecodedSlices decoded = SeriesReader.decode(layout, (slice, hu) -> slices.accept(slice, hu, 0));
    return slices.finish(lead.seriesInstanceUid(), decoded.instanceNumbers(), decoded.transferSyntaxUids(), layout.issues());
  }

  /** The variants and the stage-1 input of one series, filled one full-resolution slice at a time. */
  private static final class Slices {
    private final SeriesGeometry geometry;
    private final Settings settings;
    private final Uint8Table ours;
    private final FileWindow fileWindow;
    private final int plane;
    private final byte[][] variants;
    private final Stage1Input.Builder stage1;

    Slices(SeriesGeometry geometry, DisplayWindow display, Settings settings) {
      this.geometry = geometry;
      this.settings = settings;
      this.ours = Uint8Table.of(settings.window());
      this.fileWindow = new FileWindow(display);
      this.plane = geometry.rows() * geometry.columns();
      variants = new byte[settings.variants().size()][];
      for (int v = 0; v < variants.length; v++) {
        String variant = settings.variants().get(v);
        if (!variant.equals(OURS) && !variant.equals(THEO)) {
          throw new IllegalArgumentException("unknown preprocessing variant " + variant);
        }
        variants[v] = new byte[geometry.slices() * plane];
      }
      stage1 = new Stage1Input.Builder(geometry.slices(), geometry.rows(), geometry.columns(), settings.stage1());
    }

    void accept(int slice, short[] hu, int offset) {
      for (int v = 0; v < variants.length; v++) {
        if (settings.variants().get(v).equals(OURS)) {
          ours.apply(hu, offset, variants[v], slice * plane, plane);
        } else {
          fileWindow.toUint8(hu, offset, variants[v], slice * plane, plane);
        }
      }
      stage1.accept(slice, hu, offset);
    }

    PreparedSeries finish(String seriesInstanceUid, int[] instanceNumbers, List<String> transferSyntaxUids, List<SeriesIssue> issues) {
      List<WindowedVolume> volumes = new ArrayList<>();
      for (int v = 0; v < variants.length; v++) {
        volumes.add(new WindowedVolume(settings.variants().get(v), geometry.slices(), geometry.rows(), geometry.columns(), variants[v]));
      }
      return new PreparedSeries(seriesInstanceUid, geometry, instanceNumbers, transferSyntaxUids, issues, List.copyOf(volumes), stage1.build());
    }
  }
}
