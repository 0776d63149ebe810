package org.traumaflow.ensemble;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.SubmissionRow;

/**
 * One patient's scored result: the ensemble row from its series, or, when none of its series
 * could be scored, the fallback row, so the submission still has the patient and the record says why.
 *
 * @param patientId the patient
 * @param series the scored series, ordered by series id (empty for a fallback)
 * @param row the normalised submission row and any_injury
 * @param fallback whether the row is the fallback's rather than the models'
 */
public record PatientPrediction(int patientId, List<SeriesScore> series, EnsembleRow row, boolean fallback) implements Serializable {

  public PatientPrediction {
    series = List.copyOf(series);
  }

  /**
   * Blends the patient's series with {@link EnsembleBlend#patient}. The series are taken in
   * series-id order, so the mean over them adds up in the same order on every runner.
   */
  public static PatientPrediction blend(EnsembleSpec spec, List<SeriesScore> series, SubmissionRow fallback) {
    List<SeriesScore> ordered = new ArrayList<>(series);
    ordered.sort(Comparator.comparing(SeriesScore::seriesId));
    List<Map<String, Map<SliceTarget, Double>>> members = ordered.stream().map(SeriesScore::members).toList();
    return new PatientPrediction(fallback.patientId(), ordered, EnsembleBlend.patient(spec, members, fallback), false);
  }

  /** A patient none of whose series could be scored: the fallback row, normalised. */
  public static PatientPrediction unscored(SubmissionRow fallback) {
    return new PatientPrediction(fallback.patientId(), List.of(), EnsembleRow.normalise(fallback), true);
  }

  /**
   * The line of {@code predictions.jsonl}, naming the ensemble spec by {@code specSha256} and the
   * segmentation model by {@code segmentationSha256}, its checkpoint manifest's hash, or
   * {@code none} when the slices were scored uncropped.
   */
  public Map<String, Object> asJson(String specSha256, String segmentationSha256) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("patient_id", patientId);
    json.put("series", series.stream().map(SeriesScore::seriesId).toList());
    Map<String, Double> columns = new LinkedHashMap<>();
    for (int i = 0; i < SubmissionRow.COLUMNS.size(); i++) {
      columns.put(SubmissionRow.COLUMNS.get(i), row.row().probabilities().get(i));
    }
    json.put("probabilities", columns);
    json.put("any_injury", row.anyInjury());
    json.put("fallback", fallback);
    Map<String, Object> perSeries = new LinkedHashMap<>();
    for (SeriesScore one : series) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("members", one.membersByColumn());
      // Rounded: the curves are for the eye (the report), and full floats would dominate the file.
      Map<String, Map<String, List<Double>>> curves = new LinkedHashMap<>();
      one.curves().forEach((member, targets) -> {
        Map<String, List<Double>> byColumn = new LinkedHashMap<>();
        targets.forEach((target, curve) -> byColumn.put(target.column(), curve.stream().map(p -> Math.round(p * 1e4) / 1e4).toList()));
        curves.put(member, byColumn);
      });
      s.put("curves", curves);
      if (one.cropBox() != null) {
        Map<String, Double> box = new LinkedHashMap<>();
        box.put("row0", one.cropBox().row0());
        box.put("row1", one.cropBox().row1());
        box.put("col0", one.cropBox().col0());
        box.put("col1", one.cropBox().col1());
        s.put("crop_box", box);
      }
      perSeries.put(one.seriesId(), s);
    }
    json.put("series_members", perSeries);
    json.put("ensemble_sha256", specSha256);
    json.put("segmentation_sha256", segmentationSha256);
    return json;
  }
}
