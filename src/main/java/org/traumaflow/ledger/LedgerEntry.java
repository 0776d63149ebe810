package org.traumaflow.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.CropBox;
import org.traumaflow.storage.SafeName;
import org.traumaflow.storage.Sha256;

/**
 * One scored series in the scoring ledger ({@code <output>/ledger/<patient>/<series>.json}): the
 * input it was scored from, the {@link ScoringKey} it was scored with and the full result, so a
 * later run with the same input and key takes the result instead of scoring the series again.
 * Probabilities and curves are kept exactly (not rounded as in predictions.jsonl), so a patient
 * blended from ledger entries gets the same row as one scored in a single run. The entry is
 * verified whole when read: {@code entry_sha256} covers every other field, and every
 * probability must lie in [0, 1], so an edited score is never carried into a submission.
 *
 * @param patientId the patient
 * @param seriesId the series
 * @param inputSha256 the {@link InputFingerprint} of the series' files
 * @param scoring what the series was scored with
 * @param scoredAt when, as an ISO-8601 instant
 * @param score the ensemble's result for the series, crop box included
 * @param letters what scoring the series reported without dropping it (a slice left out, a gap),
 *     so that a run that carries the series over reports it as the run that scored it did
 */
public record LedgerEntry(String patientId, String seriesId, String inputSha256, ScoringKey scoring, String scoredAt, SeriesScore score,
    List<Letter> letters) implements Serializable {
  /**
   * A dead letter of the series kept with its score (the pipeline's letter, less the item, which is the series).
   *
   * @param stage the step that reported it
   * @param location the file or URI at fault
   * @param error the typed error's simple class name or category
   * @param reason its one-line reason
   */
  public record Letter(String stage, String location, String error, String reason) implements Serializable {}

  /** The ledger's folder under a scoring run's output location. */
  public static final String FOLDER = "ledger";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public LedgerEntry {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(inputSha256, "inputSha256");
    Objects.requireNonNull(scoring, "scoring");
    Objects.requireNonNull(scoredAt, "scoredAt");
    Objects.requireNonNull(score, "score");
    letters = List.copyOf(letters);
  }

  /** The entry's key under the output location; ids from files are made safe ({@link SafeName}). */
  public static String path(String patientId, String seriesId) {
    return FOLDER + "/" + SafeName.of(patientId) + "/" + SafeName.of(seriesId) + ".json";
  }

  /** The glob, under the output location, that lists every entry. */
  public static String glob() {
    return FOLDER + "/*/*.json";
  }

  /** Whether this entry answers for a series with these files, scored with this key. */
  public boolean answers(String input, ScoringKey key) {
    return inputSha256.equals(input) && scoring.sha256().equals(key.sha256());
  }

  public byte[] toJson() {
    Map<String, Object> json = content();
    json.put("entry_sha256", Sha256.hex(bytes(content())));
    return bytes(json);
  }

  /** Every field but the hash over them, in the order written. */
  private Map<String, Object> content() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("patient_id", patientId);
    json.put("series_id", seriesId);
    json.put("input_sha256", inputSha256);
    Map<String, String> key = new LinkedHashMap<>();
    key.put("sha256", scoring.sha256());
    key.put("ensemble_sha256", scoring.ensembleSha256());
    key.put("preprocess_sha256", scoring.preprocessSha256());
    key.put("segmentation_sha256", scoring.segmentationSha256());
    json.put("scoring", key);
    json.put("scored_at", scoredAt);
    json.put("members", score.membersByColumn());
    Map<String, Map<String, List<Float>>> curves = new LinkedHashMap<>();
    score.curves().forEach((member, targets) -> {
      Map<String, List<Float>> byColumn = new LinkedHashMap<>();
      targets.forEach((target, curve) -> byColumn.put(target.column(), curve));
      curves.put(member, byColumn);
    });
    json.put("curves", curves);
    if (score.cropBox() != null) {
      CropBox box = score.cropBox();
      // Ordered, so that the hash over the entry is the same in every JVM.
      Map<String, Double> crop = new LinkedHashMap<>();
      crop.put("row0", box.row0());
      crop.put("row1", box.row1());
      crop.put("col0", box.col0());
      crop.put("col1", box.col1());
      json.put("crop_box", crop);
    }
    json.put("letters", letters.stream().map(l -> {
      Map<String, String> letter = new LinkedHashMap<>();
      letter.put("stage", l.stage());
      letter.put("location", l.location());
      letter.put("error", l.error());
      letter.put("reason", l.reason());
      return letter;
    }).toList());
    return json;
  }

  private static byte[] bytes(Map<String, Object> json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * Reads an entry written by {@link #toJson}.
   *
   * @param uri where it was read from, for the message
   * @throws IOException naming {@code uri} and the fault when it is not a complete ledger entry, its
   *     hash does not match its content (an entry edited by hand), or a probability is outside [0, 1]
   */
  public static LedgerEntry parse(String uri, byte[] bytes) throws IOException {
    try {
      JsonNode json = JSON.readTree(bytes);
      JsonNode key = required(json, "scoring");
      ScoringKey scoring = new ScoringKey(text(key, "ensemble_sha256"), text(key, "preprocess_sha256"), text(key, "segmentation_sha256"));
      if (!scoring.sha256().equals(text(key, "sha256"))) {
        throw new IllegalArgumentException("scoring.sha256 does not match its parts");
      }
      Map<String, Map<SliceTarget, Double>> members = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> m = required(json, "members").fields(); m.hasNext(); ) {
        Map.Entry<String, JsonNode> member = m.next();
        Map<SliceTarget, Double> targets = new EnumMap<>(SliceTarget.class);
        member.getValue().fields().forEachRemaining(t -> targets.put(SliceTarget.ofColumn(t.getKey()),
            probability(member.getKey() + "." + t.getKey(), number(t.getValue()).doubleValue())));
        members.put(member.getKey(), targets);
      }
      Map<String, Map<SliceTarget, List<Float>>> curves = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> m = required(json, "curves").fields(); m.hasNext(); ) {
        Map.Entry<String, JsonNode> member = m.next();
        Map<SliceTarget, List<Float>> targets = new EnumMap<>(SliceTarget.class);
        member.getValue().fields().forEachRemaining(t -> {
          List<Float> curve = new ArrayList<>();
          t.getValue().forEach(p -> curve.add((float) probability("curves." + member.getKey() + "." + t.getKey(), number(p).floatValue())));
          targets.put(SliceTarget.ofColumn(t.getKey()), curve);
        });
        curves.put(member.getKey(), targets);
      }
      JsonNode box = json.get("crop_box");
      CropBox crop = box == null || box.isNull() ? null : new CropBox(number(required(box, "row0")).doubleValue(),
          number(required(box, "row1")).doubleValue(), number(required(box, "col0")).doubleValue(), number(required(box, "col1")).doubleValue());
      List<Letter> letters = new ArrayList<>();
      for (JsonNode letter : required(json, "letters")) {
        letters.add(new Letter(text(letter, "stage"), text(letter, "location"), text(letter, "error"), text(letter, "reason")));
      }
      String seriesId = text(json, "series_id");
      LedgerEntry entry = new LedgerEntry(text(json, "patient_id"), seriesId, text(json, "input_sha256"), scoring, text(json, "scored_at"),
          new SeriesScore(seriesId, members, curves, crop), letters);
      // The values as read, written the writer's way: any edit of any field changes this hash.
      String stored = text(json, "entry_sha256");
      String content = Sha256.hex(bytes(entry.content()));
      if (!content.equals(stored)) {
        throw new IllegalArgumentException("entry_sha256 is " + stored + ", its content hashes to " + content + " (edited after it was written)");
      }
      return entry;
    } catch (IOException | RuntimeException invalid) {
      throw new IOException(uri + ": not a valid scoring ledger entry: " + invalid.getMessage(), invalid);
    }
  }

  private static JsonNode required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = required(json, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is not text");
    }
    return value.asText();
  }

  private static double probability(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " is " + value + ", not a probability in [0, 1]");
    }
    return value;
  }

  /** Exact: the decimal the writer printed, rounded once to the type it came from. */
  private static java.math.BigDecimal number(JsonNode value) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException("not a number: " + value);
    }
    return value.decimalValue();
  }
}
