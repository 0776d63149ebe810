package org.traumaflow.sequence;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.StudyOrgans;

/**
 * Prepared series whose slices say which slice they are: every pixel of slice {@code s} is
 * {@code s % 256} in "ours" and {@code 255 - s % 256} in "theo", so a resized plane shows where it
 * came from. Instance numbers are {@code s + 1}; the stage-1 input is every 2nd slice at 8 x 8.
 */
final class SeriesFixture {
  static final int STAGE1_SIZE = 8;

  private SeriesFixture() {}

  static PreparedSeries constantSlices(int slices, int rows, int columns) {
    int plane = rows * columns;
    byte[] ours = new byte[slices * plane];
    byte[] theo = new byte[slices * plane];
    int[] instances = new int[slices];
    double[] positions = new double[slices];
    for (int s = 0; s < slices; s++) {
      Arrays.fill(ours, s * plane, (s + 1) * plane, (byte) s);
      Arrays.fill(theo, s * plane, (s + 1) * plane, (byte) (255 - s % 256));
      instances[s] = s + 1;
      positions[s] = 2.5 * s;
    }
    int stage1Slices = (slices + 1) / 2;
    int[] sources = new int[stage1Slices];
    for (int i = 0; i < stage1Slices; i++) {
      sources[i] = 2 * i;
    }
    return new PreparedSeries(
        "1.2.826.0.1.3680043.8.498.77",
        new SeriesGeometry(rows, columns, new double[] {0.75, 0.75}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0, 0, 0}, positions),
        instances,
        List.of(),
        List.of(),
        List.of(new WindowedVolume("ours", slices, rows, columns, ours), new WindowedVolume("theo", slices, rows, columns, theo)),
        new Stage1Input(sources, STAGE1_SIZE, new float[stage1Slices * STAGE1_SIZE * STAGE1_SIZE]));
  }

  /** Stage-1 findings with empty masks and, for every group, visibility {@code slice / slices}. */
  static StudyOrgans rampOrgans(PreparedSeries series, CropBox crop) {
    int slices = series.instanceNumbers().length;
    Map<OrganGroup, float[]> visibility = new EnumMap<>(OrganGroup.class);
    for (OrganGroup group : OrganGroup.values()) {
      float[] values = new float[slices];
      for (int s = 0; s < slices; s++) {
        values[s] = (float) s / slices;
      }
      visibility.put(group, values);
    }
    return new StudyOrgans(OrganMasks.empty(series.stage1().slices(), STAGE1_SIZE, STAGE1_SIZE), visibility, crop);
  }
}
