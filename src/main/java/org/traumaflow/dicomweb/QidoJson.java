package org.traumaflow.dicomweb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads QIDO-RS responses, arrays in the DICOM JSON model ({@code [{"0020000D": {"vr": "UI",
 * "Value": ["1.2.3"]}}, ...]}, PS3.18 F.2), into records; and STOW-RS responses, one object in
 * the same model, for the instances the service did not store.
 */
final class QidoJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** UIDs become path segments of later requests: only what PS3.5 allows may pass. */
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final String STUDY_INSTANCE_UID = "0020000D";
  private static final String SERIES_INSTANCE_UID = "0020000E";
  private static final String SOP_INSTANCE_UID = "00080018";
  private static final String PATIENT_ID = "00100020";
  private static final String MODALITY = "00080060";
  private static final String INSTANCE_NUMBER = "00200013";

  private static final String FAILED_SOP_SEQUENCE = "00081198";

  private QidoJson() {}

  /**
   * How many instances a STOW-RS response lists as failed (FailedSOPSequence items); an empty
   * body lists none. Servers send the sequence empty as often as not.
   */
  static int failedInstances(String url, byte[] body) throws MalformedResponseException {
    if (body.length == 0) {
      return 0;
    }
    try {
      return MAPPER.readTree(body).path(FAILED_SOP_SEQUENCE).path("Value").size();
    } catch (IOException notJson) {
      throw new MalformedResponseException(url, "not a DICOM JSON STOW-RS response: " + notJson.getMessage());
    }
  }

  static List<QidoStudy> studies(String url, byte[] body) throws MalformedResponseException {
    List<QidoStudy> studies = new ArrayList<>();
    for (JsonNode match : matches(url, body)) {
      studies.add(new QidoStudy(uid(url, match, STUDY_INSTANCE_UID), text(match, PATIENT_ID)));
    }
    return studies;
  }

  static List<QidoSeries> series(String url, byte[] body) throws MalformedResponseException {
    List<QidoSeries> series = new ArrayList<>();
    for (JsonNode match : matches(url, body)) {
      series.add(new QidoSeries(uid(url, match, SERIES_INSTANCE_UID), text(match, MODALITY)));
    }
    return series;
  }

  static List<QidoInstance> instances(String url, byte[] body) throws MalformedResponseException {
    List<QidoInstance> instances = new ArrayList<>();
    for (JsonNode match : matches(url, body)) {
      String number = text(match, INSTANCE_NUMBER);
      Integer instanceNumber;
      try {
        instanceNumber = number.isEmpty() ? null : Integer.valueOf(number);
      } catch (NumberFormatException notANumber) {
        instanceNumber = null;
      }
      instances.add(new QidoInstance(uid(url, match, SOP_INSTANCE_UID), instanceNumber));
    }
    return instances;
  }

  private static List<JsonNode> matches(String url, byte[] body) throws MalformedResponseException {
    if (body.length == 0) {
      return List.of();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      throw new MalformedResponseException(url, "not a QIDO-RS JSON response: " + notJson.getOriginalMessage());
    } catch (IOException unreadable) {
      throw new MalformedResponseException(url, "not a QIDO-RS JSON response: " + unreadable.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new MalformedResponseException(url, "not a QIDO-RS JSON response: expected an array of matches");
    }
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode match : root) {
      if (!match.isObject()) {
        throw new MalformedResponseException(url, "not a QIDO-RS JSON response: a match is not an object");
      }
      matches.add(match);
    }
    return matches;
  }

  private static String uid(String url, JsonNode match, String tag) throws MalformedResponseException {
    String uid = text(match, tag);
    if (!UID.matcher(uid).matches()) {
      throw new MalformedResponseException(url, "a match has no valid (" + tag.substring(0, 4) + "," + tag.substring(4)
          + ") UID" + (uid.isEmpty() ? "" : ": '" + uid + "'"));
    }
    return uid;
  }

  /** The attribute's first value as text (strings and numbers alike), or "" when absent or empty. */
  private static String text(JsonNode match, String tag) {
    JsonNode values = match.path(tag).path("Value");
    if (!values.isArray() || values.isEmpty() || !values.get(0).isValueNode()) {
      return "";
    }
    return values.get(0).asText().strip();
  }
}
