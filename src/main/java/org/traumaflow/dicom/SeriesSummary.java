package org.traumaflow.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code traumaflow inspect} reports of a series: identity, geometry, HU statistics and a
 * SHA-256 of the HU volume (little-endian int16, assembled order) that lets two readers be
 * compared value for value.
 */
public record SeriesSummary(
    String seriesInstanceUid,
    List<String> transferSyntaxes,
    int slices,
    int rows,
    int columns,
    double[] pixelSpacing,
    double sliceSpacing,
    int huMin,
    int huMax,
    double huMean,
    String huSha256,
    List<SeriesIssue> issues) {

  public static SeriesSummary of(CtSeries series) {
    short[] hu = series.hu();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    long sum = 0;
    for (short v : hu) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    return new SeriesSummary(
        series.seriesInstanceUid(),
        series.transferSyntaxUids(),
        series.slices(),
        series.rows(),
        series.columns(),
        series.geometry().pixelSpacing(),
        series.geometry().medianSliceSpacing(),
        min,
        max,
        hu.length == 0 ? 0 : (double) sum / hu.length,
        sha256(hu),
        series.issues());
  }

  /** The fields in the order and with the names {@code inspect} prints. */
  public Map<String, Object> asJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("series_instance_uid", seriesInstanceUid);
    json.put("transfer_syntaxes", transferSyntaxes);
    json.put("slices", slices);
    json.put("rows", rows);
    json.put("columns", columns);
    json.put("pixel_spacing", pixelSpacing);
    json.put("slice_spacing", sliceSpacing);
    json.put("hu_min", huMin);
    json.put("hu_max", huMax);
    json.put("hu_mean", huMean);
    json.put("hu_sha256", huSha256);
    json.put("issues", issues.stream().map(i -> Map.of("kind", i.kind().name(), "detail", i.detail())).toList());
    return json;
  }

  private static String sha256(short[] hu) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
      for (short v : hu) {
        if (!chunk.hasRemaining()) {
          digest.update(chunk.array(), 0, chunk.position());
          chunk.clear();
        }
        chunk.putShort(v);
      }
      digest.update(chunk.array(), 0, chunk.position());
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }
}
