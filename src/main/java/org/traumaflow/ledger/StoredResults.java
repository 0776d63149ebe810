package org.traumaflow.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.storage.SafeName;

/**
 * One study's results stored back into an archive or a DICOM folder, in the scoring ledger
 * ({@code <output>/ledger/stored/<destination>/<patient>/<report UID>.json}). The report's UID is
 * derived from the study, the ensemble spec's SHA-256 and the scored series, so an entry at that
 * path means this very report is stored there already: a later run stores nothing again.
 *
 * @param destination {@code dicomweb} or {@code folder}
 * @param location the service's URL or the folder the instances went to
 * @param patientId the patient folder (or PatientID, for a DICOMweb source)
 * @param studyInstanceUid the study the results belong to
 * @param ensembleSha256 the ensemble spec the results come from
 * @param reportInstanceUid the SR document's UID
 * @param instances every instance stored: the report, then the key images
 * @param storedAt when, as an ISO-8601 instant
 */
public record StoredResults(String destination, String location, String patientId, String studyInstanceUid, String ensembleSha256,
    String reportInstanceUid, List<String> instances, String storedAt) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public StoredResults {
    instances = List.copyOf(instances);
  }

  /** The entry's key under the output location; ids from files are made safe ({@link SafeName}). */
  public static String path(String destination, String patientId, String reportInstanceUid) {
    return LedgerEntry.FOLDER + "/stored/" + destination + "/" + SafeName.of(patientId) + "/" + SafeName.of(reportInstanceUid) + ".json";
  }

  public String path() {
    return path(destination, patientId, reportInstanceUid);
  }

  public byte[] toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("destination", destination);
    json.put("location", location);
    json.put("patient_id", patientId);
    json.put("study_instance_uid", studyInstanceUid);
    json.put("ensemble_sha256", ensembleSha256);
    json.put("report_instance_uid", reportInstanceUid);
    json.put("instances", instances);
    json.put("stored_at", storedAt);
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
