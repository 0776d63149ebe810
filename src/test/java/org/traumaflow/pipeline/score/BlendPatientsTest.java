package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.ensemble.Scaling;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.coders.DeadLetterCoder;
import org.traumaflow.pipeline.series.DiscoverDicomwebSeries;
import org.traumaflow.testing.TransformPipeline;

/**
 * The submission's rows: each patient's series blended as METHOD.md's "Ensemble" says (members
 * weighted after the max, series combined by the spec's rule, then the spec's scaling and each
 * group normalised); every patient the run knows of gets a row, the fallback's when none of its
 * series could be blended, with a dead letter saying why. The expected rows are worked out here
 * from the inputs and the formulas, not taken from the code under test.
 */
class BlendPatientsTest {
  /** The spec's scaling: METHOD.md's factors but the bowel's (2, not 1) and a prevalence of 0.1, so that the spec's own values show. */
  private static final Scaling SCALING = new Scaling(1.5, 3.0, 2.0, 3.0, 4.0, 0.5, 0.5, 0.1);
  private static final EnsembleSpec SPEC = new EnsembleSpec(List.of(
      member("bowel", 1, "ours", "bowel_extravasation"), member("bowel-theo", 3, "theo", "bowel_extravasation"),
      member("organs", 1, "ours", "organs")), "max", SCALING);
  /** The label prior, by column: every group's shares sum to 1. */
  private static final Map<String, Double> PRIOR = prior();
  private static final PriorBaseline FALLBACK = new PriorBaseline(List.copyOf(PRIOR.values()));

  @Test
  void aPatientsSeriesAreBlendedIntoOneRowAndAPatientWithoutScoredSeriesGetsTheFallbackAndALetter() {
    // Patient 10: series 1.1 scored by both bowel members, series 1.2 by one of them.
    SeriesScore first = series("1.1", Map.of("bowel", bowel(0.2, 0.1), "bowel-theo", bowel(0.6, 0.3)));
    SeriesScore second = series("1.2", Map.of("bowel", bowel(0.5, 0.05)));
    // Patient 13 is known only from the letter of its one series, which could not be read.
    DeadLetter unread = new DeadLetter("read-series", "13/5.1", "13/5.1/1.dcm", "NotDicomException", "no DICM preamble", true);
    // A DICOMweb study whose PatientID is not a number names no patient: it gets no row.
    DeadLetter noPatient = new DeadLetter(DiscoverDicomwebSeries.STAGE, "1.2.840.10008.99", "studies/1.2.840.10008.99",
        DiscoverDicomwebSeries.INVALID_PATIENT_ID, "PatientID 'ANON' is not a number", true);
    DeadLetter skippedSlice = new DeadLetter("read-series", "10/1.1", "10/1.1/9.dcm", "CorruptPixelDataException", "truncated", false);

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple blended = byPatient(pipeline, KV.of("10", second), KV.of("10", first))
        .apply(BlendPatients.of(SPEC, FALLBACK, letters(pipeline, unread, noPatient, skippedSlice)));

    // Per series, each target's weighted mean over the members that scored it; then the max over the series.
    double bowel = Math.max((1 * 0.2 + 3 * 0.6) / 4, 0.5);
    double extravasation = Math.max((1 * 0.1 + 3 * 0.3) / 4, 0.05);
    Map<String, Double> expected = new LinkedHashMap<>(PRIOR);
    double bowelHealthy = 1 - bowel;
    double bowelInjury = 2.0 * bowel;
    expected.put("bowel_healthy", bowelHealthy / (bowelHealthy + bowelInjury));
    expected.put("bowel_injury", bowelInjury / (bowelHealthy + bowelInjury));
    double extravasationHealthy = 0.5 * (1 - 0.1) + 0.5 * (1 - extravasation);
    double extravasationInjury = 3.0 * 0.1 + 4.0 * extravasation;
    expected.put("extravasation_healthy", extravasationHealthy / (extravasationHealthy + extravasationInjury));
    expected.put("extravasation_injury", extravasationInjury / (extravasationHealthy + extravasationInjury));
    PAssert.that(blended.get(BlendPatients.PATIENTS)).satisfies(rows -> {
      Map<Integer, PatientPrediction> byId = byId(rows);
      assertEquals(List.of(10, 13), List.copyOf(byId.keySet()));
      PatientPrediction scored = byId.get(10);
      assertFalse(scored.fallback());
      assertEquals(List.of(first, second), scored.series(), "the patient's series, in series-id order");
      assertRow(expected, scored);
      PatientPrediction unscored = byId.get(13);
      assertTrue(unscored.fallback());
      assertEquals(List.of(), unscored.series());
      assertRow(PRIOR, unscored);
      return null;
    });
    PAssert.that(blended.get(BlendPatients.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> all = new ArrayList<>();
      letters.forEach(all::add);
      assertEquals(1, all.size(), all::toString);
      DeadLetter letter = all.get(0);
      assertEquals(List.of("blend-patient", "13", "NoSeriesScored", true), List.of(letter.stage(), letter.item(), letter.errorType(), letter.fatal()));
      assertTrue(letter.reason().contains("the submission row is the fallback"), letter.reason());
      return null;
    });
    TransformPipeline.run(pipeline);
  }

  @Test
  void aPatientWhoseSeriesCannotBeBlendedGetsTheFallbackAndAFolderThatIsNoPatientIdGetsNoRow() {
    // The organs member scored only one of the kidney group's three targets.
    Map<SliceTarget, Double> kidneyInjuryOnly = new EnumMap<>(SliceTarget.class);
    kidneyInjuryOnly.put(SliceTarget.KIDNEY_INJURY, 0.4);
    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple blended = byPatient(pipeline, KV.of("12", series("3.1", Map.of("organs", kidneyInjuryOnly))),
        KV.of("anon", series("4.1", Map.of("bowel", bowel(0.5, 0.5)))))
        .apply(BlendPatients.of(SPEC, FALLBACK, letters(pipeline)));

    PAssert.that(blended.get(BlendPatients.PATIENTS)).satisfies(rows -> {
      Map<Integer, PatientPrediction> byId = byId(rows);
      assertEquals(List.of(12), List.copyOf(byId.keySet()));
      assertTrue(byId.get(12).fallback());
      assertRow(PRIOR, byId.get(12));
      return null;
    });
    PAssert.that(blended.get(BlendPatients.DEAD_LETTERS)).satisfies(letters -> {
      Map<String, DeadLetter> byItem = new TreeMap<>();
      letters.forEach(letter -> byItem.put(letter.item(), letter));
      assertEquals(List.of("12", "anon"), List.copyOf(byItem.keySet()));
      DeadLetter unblendable = byItem.get("12");
      assertEquals("IllegalArgumentException", unblendable.errorType());
      assertTrue(unblendable.reason().contains("patient 12: kidney needs all of"), unblendable.reason());
      assertTrue(unblendable.reason().endsWith("the submission row is the fallback"), unblendable.reason());
      DeadLetter noId = byItem.get("anon");
      assertEquals("InvalidPatientId", noId.errorType());
      assertTrue(noId.reason().contains("'anon'"), noId.reason());
      assertTrue(unblendable.fatal() && noId.fatal());
      return null;
    });
    TransformPipeline.run(pipeline);
  }

  private static void assertRow(Map<String, Double> expected, PatientPrediction patient) {
    SubmissionRow row = patient.row().row();
    double anyInjury = 0;
    for (String column : SubmissionRow.COLUMNS) {
      assertEquals(expected.get(column), row.probability(column), 1e-12, "patient " + patient.patientId() + ", " + column);
      if (column.endsWith("_healthy")) {
        anyInjury = Math.max(anyInjury, 1 - expected.get(column));
      }
    }
    assertEquals(anyInjury, patient.row().anyInjury(), 1e-12, "any_injury of patient " + patient.patientId());
  }

  private static Map<Integer, PatientPrediction> byId(Iterable<PatientPrediction> rows) {
    Map<Integer, PatientPrediction> byId = new TreeMap<>();
    rows.forEach(row -> assertNull(byId.put(row.patientId(), row), "one row per patient"));
    return byId;
  }

  @SafeVarargs
  private static PCollection<KV<String, SeriesScore>> byPatient(Pipeline pipeline, KV<String, SeriesScore>... series) {
    return pipeline.apply("Series by patient", Create.of(List.of(series))
        .withCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SeriesScore.class))));
  }

  private static PCollection<DeadLetter> letters(Pipeline pipeline, DeadLetter... letters) {
    return pipeline.apply("Earlier letters", Create.of(List.of(letters)).withCoder(DeadLetterCoder.of()));
  }

  private static SeriesScore series(String id, Map<String, Map<SliceTarget, Double>> members) {
    return new SeriesScore(id, members, Map.of(), null);
  }

  private static Map<SliceTarget, Double> bowel(double bowel, double extravasation) {
    Map<SliceTarget, Double> study = new EnumMap<>(SliceTarget.class);
    study.put(SliceTarget.BOWEL, bowel);
    study.put(SliceTarget.EXTRAVASATION, extravasation);
    return study;
  }

  private static EnsembleSpec.Member member(String name, double weight, String variant, String task) {
    return new EnsembleSpec.Member(name, weight, variant, null, null, name + ".pt", "0".repeat(64), task);
  }

  private static Map<String, Double> prior() {
    Map<String, Double> prior = new LinkedHashMap<>();
    // Bowel, extravasation, kidney, liver, spleen: the submission's column order, healthy first.
    List<Double> shares = List.of(0.75, 0.25, 0.875, 0.125, 0.5, 0.25, 0.25, 0.625, 0.25, 0.125, 0.5, 0.375, 0.125);
    for (int i = 0; i < SubmissionRow.COLUMNS.size(); i++) {
      prior.put(SubmissionRow.COLUMNS.get(i), shares.get(i));
    }
    return prior;
  }
}
