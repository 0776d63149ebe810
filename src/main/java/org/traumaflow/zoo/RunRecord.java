package org.traumaflow.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What one finished run of the zoo left behind, as its {@value RunFiles#RUN} says: which run,
 * how training went, how well it scored on its held-out fold, and its out-of-fold study
 * predictions (the max over windows of the sigmoid outputs, per patient and target), which the
 * registry pools into each model's out-of-fold score, and the same per series, which
 * {@code tune-ensemble} combines by the ensemble's own series rule.
 *
 * @param id {@link TrainingRun#id()}
 * @param model the model's name in the spec
 * @param fold the held-out fold, or {@link TrainingRun#ALL_PATIENTS}
 * @param seed the run's seed
 * @param task the model's task, lower case
 * @param variant the preprocessing variant
 * @param location where the run's files are
 * @param epochs the per-epoch mean training loss and validation loss
 * @param trainingWindows windows trained on
 * @param validationWindows windows held out
 * @param foldScore the competition metric on the held-out patients, groups the task does not
 *     predict filled with the label prior (NaN without a held-out fold)
 * @param priorScore the label prior alone on the same patients, the baseline to beat
 * @param studyPredictions per held-out patient, per target column, the predicted probability
 * @param seriesPredictions per held-out patient, per series, per target column, the max over the
 *     series' windows; null in a record written before they were kept
 * @param files every file of the run with its SHA-256, as the run's manifest lists them
 */
public record RunRecord(
    @JsonProperty("id") String id,
    @JsonProperty("model") String model,
    @JsonProperty("fold") int fold,
    @JsonProperty("seed") long seed,
    @JsonProperty("task") String task,
    @JsonProperty("variant") String variant,
    @JsonProperty("location") String location,
    @JsonProperty("epochs") List<Epoch> epochs,
    @JsonProperty("training_windows") int trainingWindows,
    @JsonProperty("validation_windows") int validationWindows,
    @JsonProperty("fold_score") double foldScore,
    @JsonProperty("prior_score") double priorScore,
    @JsonProperty("study_predictions") SortedMap<Integer, Map<String, Double>> studyPredictions,
    @JsonProperty("series_predictions") SortedMap<Integer, SortedMap<String, Map<String, Double>>> seriesPredictions,
    @JsonProperty("files") SortedMap<String, String> files) implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One epoch: its mean training loss and its validation loss (NaN without validation). */
  public record Epoch(@JsonProperty("epoch") int epoch, @JsonProperty("loss") double loss,
                      @JsonProperty("validation_loss") double validationLoss) implements Serializable {}

  /** The same record, with the files its manifest lists. */
  public RunRecord withFiles(SortedMap<String, String> listed) {
    return new RunRecord(id, model, fold, seed, task, variant, location, epochs, trainingWindows, validationWindows,
        foldScore, priorScore, studyPredictions, seriesPredictions, listed);
  }

  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  public static RunRecord fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, RunRecord.class);
  }
}
