package org.traumaflow.pipeline.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A value as one line of JSON, for the steps that write JSON lines. */
public final class JsonText {
  private JsonText() {}

  public static String of(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** One mapper per JVM, created on first use on a worker. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
