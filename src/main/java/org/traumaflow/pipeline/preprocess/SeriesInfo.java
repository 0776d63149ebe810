package org.traumaflow.pipeline.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.StudyOrgans;

/**
 * The per-series record the method's {@code make_info_data} step produced, one JSON line per
 * series in {@code info.jsonl}: identity, slice numbering and positions, source syntaxes,
 * aortic HU from the series metadata, stage 1's organ visibility per slice and crop box (null
 * without a segmentation model), and where the volumes were written.
 */
final class SeriesInfo {
  /** The field that {@code WriteVolumes} fills in from the series metadata after writing. */
  static final String AORTIC_HU = "aortic_hu";

  private SeriesInfo() {}

  static Map<String, Object> of(SeriesRef ref, PreparedSeries series, StudyOrgans organs, Double aorticHu, Map<String, String> volumes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("patient_id", ref.patientId());
    json.put("series_id", ref.seriesId());
    json.put("split", ref.split());
    json.put("series_instance_uid", series.seriesInstanceUid());
    json.put("slices", series.geometry().slices());
    json.put("rows", series.geometry().rows());
    json.put("columns", series.geometry().columns());
    json.put("pixel_spacing", series.geometry().pixelSpacing());
    json.put("slice_spacing", series.geometry().medianSliceSpacing());
    json.put("z_positions", series.geometry().slicePositions());
    json.put("instance_numbers", series.instanceNumbers());
    json.put("transfer_syntaxes", series.transferSyntaxUids());
    json.put(AORTIC_HU, aorticHu);
    json.put("issues", series.issues().stream().map(i -> Map.of("kind", i.kind().name(), "detail", i.detail())).toList());
    json.put("stage1_slices", series.stage1().sourceSlices());
    if (organs == null) {
      json.put("crop_box", null);
      json.put("visibility", null);
    } else {
      CropBox box = organs.cropBox();
      json.put("crop_box", Map.of("row0", box.row0(), "row1", box.row1(), "col0", box.col0(), "col1", box.col1()));
      Map<String, float[]> visibility = new LinkedHashMap<>();
      for (OrganGroup group : OrganGroup.values()) {
        visibility.put(group.name().toLowerCase(java.util.Locale.ROOT), organs.visibility().get(group));
      }
      json.put("visibility", visibility);
    }
    json.put("volumes", volumes);
    return json;
  }
}
