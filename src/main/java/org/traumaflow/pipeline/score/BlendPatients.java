package org.traumaflow.pipeline.score;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.pipeline.series.DiscoverDicomwebSeries;

/**
 * The last step of scoring: each patient's series (scored in this run or carried over from the
 * ledger) blended into one {@link PatientPrediction} ({@link PatientPrediction#blend}). A patient
 * known only from the dead letters of earlier steps (none of its series could be scored) gets
 * the fallback row, so the submission still lists it, and a dead letter of its own, so it is
 * never silently missing.
 *
 * <pre>{@code
 * PCollectionTuple patients = seriesByPatient.apply(BlendPatients.of(spec, prior, deadLetters));
 * }</pre>
 */
public final class BlendPatients extends PTransform<PCollection<KV<String, SeriesScore>>, PCollectionTuple> {
  public static final TupleTag<PatientPrediction> PATIENTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private static final TupleTag<SeriesScore> SCORES = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> EARLIER = new TupleTag<>() {};

  private final EnsembleSpec spec;
  private final PriorBaseline fallback;
  private final PCollection<DeadLetter> earlierLetters;

  private BlendPatients(EnsembleSpec spec, PriorBaseline fallback, PCollection<DeadLetter> earlierLetters) {
    this.spec = spec;
    this.fallback = fallback;
    this.earlierLetters = earlierLetters;
  }

  /**
   * @param fallback the row of groups no member predicts, and of patients with no scored series
   * @param earlierLetters every dead letter of the steps before, items {@code patient/series}; a patient
   *     whose id is not a number gets an {@code InvalidPatientId} letter and no row
   */
  public static BlendPatients of(EnsembleSpec spec, PriorBaseline fallback, PCollection<DeadLetter> earlierLetters) {
    return new BlendPatients(spec, fallback, earlierLetters);
  }

  /** @param byPatient every series to blend, keyed by its patient */
  @Override
  public PCollectionTuple expand(PCollection<KV<String, SeriesScore>> byPatient) {
    PCollection<KV<String, DeadLetter>> lettersByPatient = earlierLetters
        // A DICOMweb study whose PatientID is no patient id is reported by its study UID: it names no patient to blend.
        .apply("Letters about a patient", Filter.by((DeadLetter letter) -> !(letter.stage().equals(DiscoverDicomwebSeries.STAGE) && letter.errorType().equals(DiscoverDicomwebSeries.INVALID_PATIENT_ID))))
        .apply("Dead letters by patient", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(DeadLetter.class)))
            .via((DeadLetter letter) -> KV.of(patientOf(letter.item()), letter)));
    PCollectionTuple out = KeyedPCollectionTuple.of(SCORES, byPatient).and(EARLIER, lettersByPatient)
        .apply("Join by patient", CoGroupByKey.create())
        .apply("Blend patients", ParDo.of(new BlendFn(spec, fallback)).withOutputTags(PATIENTS, TupleTagList.of(DEAD_LETTERS)));
    return out;
  }

  /** {@code patient/series} -> patient. */
  private static String patientOf(String seriesKey) {
    int slash = seriesKey.indexOf('/');
    return slash < 0 ? seriesKey : seriesKey.substring(0, slash);
  }

  private static final class BlendFn extends DoFn<KV<String, CoGbkResult>, PatientPrediction> {
    private final StepTime time = StepTime.of(StepTime.BLEND);
    private final EnsembleSpec spec;
    private final PriorBaseline fallback;

    BlendFn(EnsembleSpec spec, PriorBaseline fallback) {
      this.spec = spec;
      this.fallback = fallback;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> patient, MultiOutputReceiver out) {
      int patientId;
      try {
        patientId = Integer.parseInt(patient.getKey());
      } catch (NumberFormatException notAnId) {
        // The submission is keyed by number: a folder named otherwise cannot have a row.
        out.get(DEAD_LETTERS).output(new DeadLetter("blend-patient", patient.getKey(), patient.getKey(), "InvalidPatientId",
            "patient folder '" + patient.getKey() + "' is not a numeric patient_id; it has no submission row", true));
        return;
      }
      List<SeriesScore> series = new ArrayList<>();
      patient.getValue().getAll(SCORES).forEach(series::add);
      if (!series.isEmpty()) {
        try {
          PatientPrediction blended = time.measure(() -> PatientPrediction.blend(spec, series, fallback.rowFor(patientId)));
          out.get(PATIENTS).output(blended);
          return;
        } catch (RuntimeException failed) {
          out.get(DEAD_LETTERS).output(new DeadLetter("blend-patient", patient.getKey(), patient.getKey(),
              failed.getClass().getSimpleName(), failed.getMessage() + "; the submission row is the fallback", true));
        }
      } else {
        out.get(DEAD_LETTERS).output(new DeadLetter("blend-patient", patient.getKey(), patient.getKey(), "NoSeriesScored",
            "none of the patient's series could be scored (see their dead letters); the submission row is the fallback", true));
      }
      out.get(PATIENTS).output(PatientPrediction.unscored(fallback.rowFor(patientId)));
    }
  }
}
