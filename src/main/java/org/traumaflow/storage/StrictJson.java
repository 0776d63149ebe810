package org.traumaflow.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for the configs and records saved with checkpoints: indented when written; when read,
 * unknown, missing and null fields are refused, and a record's own validation message is kept.
 */
public final class StrictJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private StrictJson() {}

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * Reads a {@code type} written by {@link #write}.
   *
   * @param what what the caller calls it, for the message: "not a valid {what}: ..."
   * @throws IllegalArgumentException when the JSON is malformed, a field is unknown, missing or
   *     null, or the value refuses itself
   */
  public static <T> T read(String json, Class<T> type, String what) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
      throw new IllegalArgumentException("not a valid " + what + ": " + cause.getMessage(), e);
    }
  }
}
