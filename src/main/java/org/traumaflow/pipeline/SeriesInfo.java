package org.traumaflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.traumaflow.volume.PreparedSeries;

/**
 * The per-series record the method's {@code make_info_data} step produced, one JSON line per
 * series in {@code info.jsonl}: identity, slice numbering and positions, source syntaxes,
 * aortic HU from the series metadata, and where the volumes were written.
 */
final class SeriesInfo {
  private SeriesInfo() {}

  static Map<String, Object> of(SeriesRef ref, PreparedSeries series, Double aorticHu, Map<String, String> volumes) {
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
    json.put("aortic_hu", aorticHu);
    json.put("issues", series.issues().stream().map(i -> Map.of("kind", i.kind().name(), "detail", i.detail())).toList());
    json.put("stage1_slices", series.stage1().sourceSlices());
    json.put("volumes", volumes);
    return json;
  }
}
