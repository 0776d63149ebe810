package org.traumaflow.nifti;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.traumaflow.dicom.CtSeries;

/**
 * A NIfTI label mask put onto its CT series' voxel grid ({@link DicomGridMapper}), summarised per
 * label: how many CT voxels carry the label and their mean HU. A mask read in the wrong
 * orientation keeps its voxel counts but lands on other tissue, so the mean HU is what shows
 * whether mask and series line up.
 *
 * @param file the mask file
 * @param labels each label present on the grid (0, background, left out), ascending
 */
public record MaskLabels(Path file, SortedMap<Integer, Label> labels) {

  /**
   * @param voxels CT voxels that carry the label
   * @param huMean their mean HU
   */
  public record Label(long voxels, double huMean) {}

  /**
   * @throws NiftiException naming {@code file} when it cannot be read or is not a label mask with
   *     an orientation
   */
  public static MaskLabels of(Path file, CtSeries series) throws NiftiException {
    byte[] labels;
    try {
      labels = DicomGridMapper.labelsOnGrid(NiftiReader.read(file), series.geometry());
    } catch (NiftiException e) {
      throw e.naming(file);
    }
    long[] counts = new long[256];
    double[] sums = new double[256];
    short[] hu = series.hu();
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      counts[label]++;
      sums[label] += hu[i];
    }
    SortedMap<Integer, Label> out = new TreeMap<>();
    for (int label = 1; label < counts.length; label++) {
      if (counts[label] > 0) {
        out.put(label, new Label(counts[label], sums[label] / counts[label]));
      }
    }
    return new MaskLabels(file, out);
  }

  /** The fields {@code inspect --mask} prints: the file, and per label its voxels and mean HU. */
  public Map<String, Object> asJson() {
    Map<String, Object> perLabel = new LinkedHashMap<>();
    labels.forEach((label, stats) -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("voxels", stats.voxels());
      fields.put("hu_mean", stats.huMean());
      perLabel.put(String.valueOf(label), fields);
    });
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", file.toString());
    json.put("labels", perLabel);
    return json;
  }
}
