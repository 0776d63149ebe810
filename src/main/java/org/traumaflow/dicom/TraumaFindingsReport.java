package org.traumaflow.dicom;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * A study's scoring results as a DICOM Comprehensive SR document, in the study's own
 * StudyInstanceUID and a new series. The content tree, under an "Imaging Measurement Report"
 * container (no template is claimed):
 * <ul>
 *   <li>TEXT "Intended use": that the results are not for diagnostic use;</li>
 *   <li>CONTAINER "Algorithm identification": TEXT Algorithm Name per model, TEXT Algorithm
 *       Version (the ensemble spec's SHA-256);</li>
 *   <li>CONTAINER "Injury probabilities": one NUM per measurement, as DS and as the exact double
 *       (FloatingPointValue);</li>
 *   <li>CONTAINER "Predicted injuries": one CODE Finding per predicted injury;</li>
 *   <li>CONTAINER "Key images": one IMAGE per key image of the study.</li>
 * </ul>
 * The scored series (each by the instance read from it) and the key images are listed as the
 * current requested procedure's evidence.
 *
 * @param scored the header of one file of each scored series of the study
 * @param algorithmNames the models that produced the results
 * @param algorithmVersion what pins them: the ensemble spec's SHA-256
 * @param measurements the probabilities
 * @param findings the predicted injuries; empty when none is predicted
 */
public record TraumaFindingsReport(List<StudyHeader> scored, List<String> algorithmNames, String algorithmVersion,
    List<Measurement> measurements, List<CodedConcept> findings) {
  public static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
  public static final String NOT_FOR_DIAGNOSTIC_USE = "NOT FOR DIAGNOSTIC USE. Research results of TraumaFlow, an automated "
      + "reproduction of an abdominal trauma detection method; not a medical device, not reviewed by a clinician.";
  /** The series number results are written in; the key images take the next one. */
  public static final int SERIES_NUMBER = 9901;
  private static final CodedConcept REPORT = CodedConcept.dcm("126000", "Imaging Measurement Report");
  private static final CodedConcept INTENDED_USE = CodedConcept.local("TF-USE", "Intended use");
  private static final CodedConcept ALGORITHM = CodedConcept.local("TF-ALGORITHM", "Algorithm identification");
  private static final CodedConcept ALGORITHM_NAME = CodedConcept.dcm("111001", "Algorithm Name");
  private static final CodedConcept ALGORITHM_VERSION = CodedConcept.dcm("111003", "Algorithm Version");
  private static final CodedConcept PROBABILITIES = CodedConcept.local("TF-PROBABILITIES", "Injury probabilities");
  private static final CodedConcept PREDICTED = CodedConcept.local("TF-FINDINGS", "Predicted injuries");
  private static final CodedConcept FINDING = CodedConcept.dcm("121071", "Finding");
  private static final CodedConcept KEY_IMAGES = CodedConcept.local("TF-KEY-IMAGES", "Key images");
  private static final CodedConcept KEY_IMAGE = CodedConcept.local("TF-KEY-IMAGE", "Key image");

  /** A probability: what it measures, its value and its UCUM unit. */
  public record Measurement(CodedConcept concept, double value, CodedConcept unit) {}

  public TraumaFindingsReport {
    if (scored.isEmpty()) {
      throw new IllegalArgumentException("a report needs the series it scored");
    }
    if (scored.stream().map(StudyHeader::studyInstanceUid).distinct().count() != 1) {
      throw new IllegalArgumentException("the scored series of one report belong to one study");
    }
    scored = List.copyOf(scored);
    algorithmNames = List.copyOf(algorithmNames);
    measurements = List.copyOf(measurements);
    findings = List.copyOf(findings);
  }

  /**
   * The SR document as a Part 10 file in Explicit VR Little Endian.
   *
   * @param seriesInstanceUid the SR's new series in the study
   * @param sopInstanceUid the document's UID
   * @param keyImages the study's key images, referenced from the content and the evidence
   * @param created when the results were made
   */
  public DicomInstance write(String seriesInstanceUid, String sopInstanceUid, List<DicomInstance> keyImages, ZonedDateTime created) {
    DatasetEncoder dataset = ResultsDataset.start(scored.get(0), COMPREHENSIVE_SR, sopInstanceUid, "SR", seriesInstanceUid,
        SERIES_NUMBER, "TraumaFlow findings (not for diagnostic use)", 1, created)
        .sequence(Tag.REFERENCED_PERFORMED_PROCEDURE_STEP_SEQUENCE, List.of())
        .text(Tag.COMPLETION_FLAG, VR.CS, "COMPLETE")
        .text(Tag.VERIFICATION_FLAG, VR.CS, "UNVERIFIED")
        .sequence(Tag.PERFORMED_PROCEDURE_CODE_SEQUENCE, List.of())
        .sequence(Tag.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE, evidence(keyImages))
        .text(Tag.VALUE_TYPE, VR.CS, "CONTAINER")
        .sequence(Tag.CONCEPT_NAME_CODE_SEQUENCE, REPORT.item())
        .text(Tag.CONTINUITY_OF_CONTENT, VR.CS, "SEPARATE")
        .sequence(Tag.CONTENT_SEQUENCE, List.of(
            text(INTENDED_USE, NOT_FOR_DIAGNOSTIC_USE),
            container(ALGORITHM, algorithm()),
            container(PROBABILITIES, measurements.stream().map(TraumaFindingsReport::number).toList()),
            container(PREDICTED, findings.stream().map(TraumaFindingsReport::finding).toList()),
            container(KEY_IMAGES, keyImages.stream().map(TraumaFindingsReport::image).toList())));
    return new DicomInstance(COMPREHENSIVE_SR, sopInstanceUid, seriesInstanceUid,
        Part10Writer.bytes(COMPREHENSIVE_SR, sopInstanceUid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dataset));
  }

  private List<DatasetEncoder> algorithm() {
    List<DatasetEncoder> items = new ArrayList<>();
    algorithmNames.forEach(name -> items.add(text(ALGORITHM_NAME, name)));
    items.add(text(ALGORITHM_VERSION, algorithmVersion));
    return items;
  }

  /** One study item: every scored series by its instance, then the key-image series. */
  private List<DatasetEncoder> evidence(List<DicomInstance> keyImages) {
    Map<String, List<DatasetEncoder>> bySeries = new LinkedHashMap<>();
    for (StudyHeader series : scored) {
      bySeries.computeIfAbsent(series.seriesInstanceUid(), s -> new ArrayList<>()).add(sop(series.sopClassUid(), series.sopInstanceUid()));
    }
    for (DicomInstance image : keyImages) {
      bySeries.computeIfAbsent(image.seriesInstanceUid(), s -> new ArrayList<>()).add(sop(image.sopClassUid(), image.sopInstanceUid()));
    }
    List<DatasetEncoder> series = new ArrayList<>();
    bySeries.forEach((uid, sops) -> series.add(new DatasetEncoder()
        .text(Tag.SERIES_INSTANCE_UID, VR.UI, uid)
        .sequence(Tag.REFERENCED_SOP_SEQUENCE, sops)));
    return List.of(new DatasetEncoder()
        .text(Tag.STUDY_INSTANCE_UID, VR.UI, scored.get(0).studyInstanceUid())
        .sequence(Tag.REFERENCED_SERIES_SEQUENCE, series));
  }

  private static DatasetEncoder sop(String sopClassUid, String sopInstanceUid) {
    return new DatasetEncoder()
        .text(Tag.REFERENCED_SOP_CLASS_UID, VR.UI, sopClassUid)
        .text(Tag.REFERENCED_SOP_INSTANCE_UID, VR.UI, sopInstanceUid);
  }

  private static DatasetEncoder item(String valueType, CodedConcept concept) {
    return new DatasetEncoder()
        .text(Tag.RELATIONSHIP_TYPE, VR.CS, "CONTAINS")
        .text(Tag.VALUE_TYPE, VR.CS, valueType)
        .sequence(Tag.CONCEPT_NAME_CODE_SEQUENCE, concept.item());
  }

  private static DatasetEncoder text(CodedConcept concept, String value) {
    return item("TEXT", concept).text(Tag.TEXT_VALUE, VR.UT, value);
  }

  private static DatasetEncoder container(CodedConcept concept, List<DatasetEncoder> children) {
    DatasetEncoder container = item("CONTAINER", concept).text(Tag.CONTINUITY_OF_CONTENT, VR.CS, "SEPARATE");
    return children.isEmpty() ? container : container.sequence(Tag.CONTENT_SEQUENCE, children);
  }

  private static DatasetEncoder number(Measurement measurement) {
    DatasetEncoder value = new DatasetEncoder()
        .sequence(Tag.MEASUREMENT_UNITS_CODE_SEQUENCE, measurement.unit().item())
        .decimals(Tag.NUMERIC_VALUE, measurement.value())
        .bytes(Tag.FLOATING_POINT_VALUE, VR.FD, littleEndian(measurement.value()));
    return item("NUM", measurement.concept()).sequence(Tag.MEASURED_VALUE_SEQUENCE, List.of(value));
  }

  private static DatasetEncoder finding(CodedConcept injury) {
    return item("CODE", FINDING).sequence(Tag.CONCEPT_CODE_SEQUENCE, injury.item());
  }

  private static DatasetEncoder image(DicomInstance keyImage) {
    return item("IMAGE", KEY_IMAGE).sequence(Tag.REFERENCED_SOP_SEQUENCE, List.of(sop(keyImage.sopClassUid(), keyImage.sopInstanceUid())));
  }

  private static byte[] littleEndian(double value) {
    long bits = Double.doubleToLongBits(value);
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (bits >>> (8 * i));
    }
    return bytes;
  }
}
