package org.traumaflow.pipeline.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a pipeline could not process, with enough to act on it: what, where, why.
 *
 * @param stage the transform that gave up (e.g. "read-series")
 * @param item what was being processed: {@code patient/series}, or a file for per-file faults
 * @param location the file or URI at fault
 * @param errorType the typed error's simple class name (e.g. CorruptPixelDataException)
 * @param reason the error's own one-line reason
 * @param fatal whether the item was dropped (true) or processed without the location (false)
 */
public record DeadLetter(String stage, String item, String location, String errorType, String reason, boolean fatal) {

  /** The JSON-lines form written to {@code dead_letters.jsonl}. */
  public Map<String, Object> asJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", stage);
    json.put("item", item);
    json.put("location", location);
    json.put("error", errorType);
    json.put("reason", reason);
    json.put("dropped", fatal);
    return json;
  }

  /** A letter back from its {@link #asJson()} form. */
  public static DeadLetter fromJson(JsonNode json) {
    return new DeadLetter(json.path("stage").asText(), json.path("item").asText(), json.path("location").asText(),
        json.path("error").asText(), json.path("reason").asText(), json.path("dropped").asBoolean());
  }
}
