package org.traumaflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.seg.CropBox;

/**
 * What one {@code score} run wrote, read back from its {@code predictions.jsonl} and
 * {@code dead_letters.jsonl}: the report is built from the run's own outputs, so it shows exactly
 * what was submitted and needs nothing from inside the pipeline.
 *
 * @param patients one per scored patient, in the file's (ascending) order
 * @param deadLetters every dead letter
 * @param ensembleSha256 the spec's SHA-256, the ensemble's version; empty when no patient was written
 * @param segmentationSha256 the segmentation checkpoint's SHA-256, {@value ScoringKey#NO_SEGMENTATION} when
 *     the run scored uncropped slices ({@code --no-segmentation}); empty when no patient was written
 * @param wallSeconds the run's wall time, or null when unknown
 */
public record ScoredRun(List<Patient> patients, List<Letter> deadLetters, String ensembleSha256, String segmentationSha256,
    Double wallSeconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ScoredRun {
    patients = List.copyOf(patients);
    deadLetters = List.copyOf(deadLetters);
  }

  /** One patient's line of predictions.jsonl. */
  public record Patient(int patientId, Map<String, Double> probabilities, boolean fallback, List<Series> series) {
    public Patient {
      probabilities = new LinkedHashMap<>(probabilities);
      series = List.copyOf(series);
    }
  }

  /**
   * One scored series: each member's study probability and per-step curve per target column, and
   * its crop box, or null when it had none.
   */
  public record Series(String seriesId, Map<String, Map<String, Double>> members, Map<String, Map<String, List<Double>>> curves,
      CropBox cropBox) {}

  /** One dead letter: where it failed, on what, and why. */
  public record Letter(String stage, String item, String reason) {}

  /** Parses the two files' texts; {@code wallSeconds} may be null. */
  public static ScoredRun parse(String predictionsJsonl, String deadLettersJsonl, Double wallSeconds) {
    List<Patient> patients = new ArrayList<>();
    String sha = "";
    String segmentation = "";
    for (JsonNode line : lines(predictionsJsonl)) {
      patients.add(patient(line));
      sha = line.path("ensemble_sha256").asText(sha);
      segmentation = line.path("segmentation_sha256").asText(segmentation);
    }
    List<Letter> letters = new ArrayList<>();
    for (JsonNode line : lines(deadLettersJsonl)) {
      letters.add(new Letter(line.path("stage").asText(), line.path("item").asText(), line.path("reason").asText()));
    }
    return new ScoredRun(patients, letters, sha, segmentation, wallSeconds);
  }

  private static Patient patient(JsonNode line) {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    line.get("probabilities").fields().forEachRemaining(e -> probabilities.put(e.getKey(), e.getValue().asDouble()));
    List<Series> series = new ArrayList<>();
    line.path("series_members").fields().forEachRemaining(s -> {
      Map<String, Map<String, Double>> members = new LinkedHashMap<>();
      s.getValue().path("members").fields().forEachRemaining(m -> {
        Map<String, Double> targets = new LinkedHashMap<>();
        m.getValue().fields().forEachRemaining(t -> targets.put(t.getKey(), t.getValue().asDouble()));
        members.put(m.getKey(), targets);
      });
      Map<String, Map<String, List<Double>>> curves = new LinkedHashMap<>();
      s.getValue().path("curves").fields().forEachRemaining(m -> {
        Map<String, List<Double>> targets = new LinkedHashMap<>();
        m.getValue().fields().forEachRemaining(t -> {
          List<Double> curve = new ArrayList<>();
          t.getValue().forEach(v -> curve.add(v.asDouble()));
          targets.put(t.getKey(), curve);
        });
        curves.put(m.getKey(), targets);
      });
      JsonNode box = s.getValue().get("crop_box");
      CropBox crop = box == null ? null
          : new CropBox(box.get("row0").asDouble(), box.get("row1").asDouble(), box.get("col0").asDouble(), box.get("col1").asDouble());
      series.add(new Series(s.getKey(), members, curves, crop));
    });
    return new Patient(line.get("patient_id").asInt(), probabilities, line.path("fallback").asBoolean(), series);
  }

  private static List<JsonNode> lines(String text) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
      try {
        nodes.add(JSON.readTree(line));
      } catch (IOException malformed) {
        throw new UncheckedIOException(malformed);
      }
    }
    return nodes;
  }
}
