package org.traumaflow.pipeline;

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
}
