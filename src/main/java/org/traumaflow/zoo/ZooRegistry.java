package org.traumaflow.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.PriorBaseline;

/**
 * The zoo's registry ({@code registry.json}): every run with its files' hashes and scores, every
 * failed run with its reason, and per model the out-of-fold competition score: its runs' study
 * predictions pooled over folds (seeds of the same fold averaged), scored against the truth of
 * the patients they cover, next to the label prior on the same patients.
 *
 * @param runs the finished runs, by id
 * @param failed failed run id -> reason
 * @param models per model name, its out-of-fold score
 */
public record ZooRegistry(
    @JsonProperty("runs") List<RunRecord> runs,
    @JsonProperty("failed") SortedMap<String, String> failed,
    @JsonProperty("models") SortedMap<String, ModelScore> models) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * @param runs how many runs the score pools
   * @param patients patients with an out-of-fold prediction
   * @param oofScore the competition metric of the pooled predictions (NaN without held-out patients)
   * @param priorScore the label prior on the same patients
   */
  public record ModelScore(@JsonProperty("runs") int runs, @JsonProperty("patients") int patients,
                           @JsonProperty("oof_score") double oofScore, @JsonProperty("prior_score") double priorScore) {}

  /** The registry of {@code runs}, scored against {@code truth}. */
  public static ZooRegistry of(List<RunRecord> runs, Map<String, String> failed, Map<Integer, PatientLabels> truth) throws IOException {
    List<RunRecord> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparing(RunRecord::id));
    Map<String, List<RunRecord>> byModel = new TreeMap<>();
    sorted.forEach(r -> byModel.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r));
    SortedMap<String, ModelScore> models = new TreeMap<>();
    PriorBaseline prior = PriorBaseline.prevalence(truth);
    for (Map.Entry<String, List<RunRecord>> model : byModel.entrySet()) {
      SortedMap<Integer, Map<String, Double>> pooled = pooled(model.getValue());
      double oof = Double.NaN;
      double baseline = Double.NaN;
      if (!pooled.isEmpty()) {
        Map<Integer, PatientLabels> covered = new TreeMap<>();
        pooled.keySet().forEach(p -> covered.put(p, truth.get(p)));
        oof = CompetitionMetric.score(covered, StudyPredictions.submission(model.getKey(), pooled, prior)).mean();
        baseline = CompetitionMetric.score(covered, prior.submissionFor("label prior", covered.keySet())).mean();
      }
      models.put(model.getKey(), new ModelScore(model.getValue().size(), pooled.size(), oof, baseline));
    }
    return new ZooRegistry(sorted, new TreeMap<>(failed), models);
  }

  /** Each patient's predictions averaged over the runs that held it out (the seeds of its fold), by target column. */
  public static SortedMap<Integer, Map<String, Double>> pooled(List<RunRecord> runs) {
    Map<Integer, Map<String, double[]>> sums = new HashMap<>();
    for (RunRecord run : runs) {
      run.studyPredictions().forEach((patient, row) -> row.forEach((column, p) -> {
        double[] sum = sums.computeIfAbsent(patient, k -> new TreeMap<>()).computeIfAbsent(column, k -> new double[2]);
        sum[0] += p;
        sum[1]++;
      }));
    }
    SortedMap<Integer, Map<String, Double>> mean = new TreeMap<>();
    sums.forEach((patient, columns) -> {
      Map<String, Double> row = new TreeMap<>();
      columns.forEach((column, sum) -> row.put(column, sum[0] / sum[1]));
      mean.put(patient, row);
    });
    return mean;
  }

  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /** A registry as {@link #toJson} wrote it, e.g. for tuning an ensemble on its out-of-fold predictions. */
  public static ZooRegistry fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, ZooRegistry.class);
  }
}
