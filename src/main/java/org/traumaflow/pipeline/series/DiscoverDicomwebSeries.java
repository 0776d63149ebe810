package org.traumaflow.pipeline.series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.dicomweb.DicomwebClient;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.dicomweb.DicomwebException;
import org.traumaflow.dicomweb.QidoInstance;
import org.traumaflow.dicomweb.QidoSeries;
import org.traumaflow.dicomweb.QidoStudy;
import org.traumaflow.ledger.InputFingerprint;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;

/**
 * Finds the CT series a DICOMweb service holds (QIDO-RS), one {@link SeriesRef} per series in
 * the shape {@link DiscoverSeries} gives for a folder: split "test" (an archive's studies are
 * unlabelled), the patient id from PatientID, the series id its SeriesInstanceUID and, as files,
 * its instances' WADO-RS URLs in InstanceNumber order. A study whose PatientID is no patient id,
 * or whose listing fails, goes to the dead letters; a failing study search fails the pipeline.
 *
 * <pre>{@code
 * PCollectionTuple found = pipeline.apply(DiscoverDicomwebSeries.at(DicomwebEndpoint.at("http://127.0.0.1:8042/dicom-web")));
 * PCollection<SeriesRef> series = found.get(DiscoverDicomwebSeries.SERIES);
 * }</pre>
 */
public final class DiscoverDicomwebSeries extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SeriesRef> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  /** The error of a study whose PatientID cannot name a patient: it is reported by its study UID. */
  public static final String INVALID_PATIENT_ID = "InvalidPatientId";
  public static final String STAGE = "discover-dicomweb";
  /** DICOMweb studies are scored as the competition's test split is. */
  static final String SPLIT = "test";
  private static final TupleTag<KV<String, String>> STUDIES = new TupleTag<>() {};
  /** A patient id is a patient folder's name in the layout and an int in submission.csv. */
  private static final Pattern PATIENT_ID = Pattern.compile("[0-9]{1,9}");

  private final DicomwebEndpoint endpoint;
  private final Set<String> patients;
  private final int limit;

  private DiscoverDicomwebSeries(DicomwebEndpoint endpoint, Set<String> patients, int limit) {
    this.endpoint = endpoint;
    this.patients = patients;
    this.limit = limit;
  }

  /** Every CT series of the service at {@code endpoint}. */
  public static DiscoverDicomwebSeries at(DicomwebEndpoint endpoint) {
    return new DiscoverDicomwebSeries(endpoint, Set.of(), 0);
  }

  /** Only these patients (patient ids); empty means all. */
  public DiscoverDicomwebSeries withPatients(Set<String> ids) {
    return new DiscoverDicomwebSeries(endpoint, new TreeSet<>(ids), limit);
  }

  /** Only the first {@code n} patients in patient-id order; 0 means all. */
  public DiscoverDicomwebSeries withLimit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + n);
    }
    return new DiscoverDicomwebSeries(endpoint, patients, n);
  }

  /** The patient id of a stored PatientID: its digits without DICOM's padding, or empty when it has others. */
  static Optional<String> patientId(String stored) {
    String id = stored.strip();
    return PATIENT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple studies = begin
        .apply("Service", Create.of(endpoint.baseUrl()))
        .apply("Search studies", ParDo.of(new SearchStudiesFn(endpoint, patients)).withOutputTags(STUDIES, TupleTagList.of(DEAD_LETTERS)));
    PCollectionTuple series = studies.get(STUDIES)
        // One search answers for every study: spread the per-study listings over the workers.
        .apply("Spread studies", Reshuffle.viaRandomKey())
        .apply("List series", ParDo.of(new ListSeriesFn(endpoint)).withOutputTags(SERIES, TupleTagList.of(DEAD_LETTERS)));
    PCollection<SeriesRef> found = series.get(SERIES);
    if (limit > 0) {
      found = found.apply("First " + limit + " patients", FirstPatients.of(limit));
    }
    PCollection<DeadLetter> letters = PCollectionList.of(studies.get(DEAD_LETTERS)).and(series.get(DEAD_LETTERS))
        .apply("Discovery dead letters", Flatten.pCollections());
    return PCollectionTuple.of(SERIES, found).and(DEAD_LETTERS, letters);
  }

  /** Emits (patient id, StudyInstanceUID) for each study; a study whose PatientID is no patient id is dead-lettered. */
  private static final class SearchStudiesFn extends DoFn<String, KV<String, String>> {
    private final Counter studiesFound = Metrics.counter(DiscoverDicomwebSeries.class, "studies-found");
    private final DicomwebEndpoint endpoint;
    private final Set<String> patients;
    private transient DicomwebClient client;

    SearchStudiesFn(DicomwebEndpoint endpoint, Set<String> patients) {
      this.endpoint = endpoint;
      this.patients = patients;
    }

    @Setup
    public void setup() throws DicomwebException {
      client = DicomwebClient.open(endpoint);
    }

    @ProcessElement
    public void process(MultiOutputReceiver out) throws DicomwebException {
      for (QidoStudy study : client.studies()) {
        studiesFound.inc();
        Optional<String> patient = patientId(study.patientId());
        if (patient.isEmpty()) {
          out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, study.studyInstanceUid(), endpoint.baseUrl() + "/studies/" + study.studyInstanceUid(),
              INVALID_PATIENT_ID, "PatientID '" + study.patientId() + "' is not a patient id: submission.csv and the dataset layout "
              + "name patients by number", true));
        } else if (patients.isEmpty() || patients.contains(patient.get())) {
          out.get(STUDIES).output(KV.of(patient.get(), study.studyInstanceUid()));
        }
      }
    }
  }

  /** Lists a study's CT series and their instances; a study the service cannot list is dead-lettered. */
  private static final class ListSeriesFn extends DoFn<KV<String, String>, SeriesRef> {
    private final Counter otherModalities = Metrics.counter(DiscoverDicomwebSeries.class, "series-not-ct");
    private final DicomwebEndpoint endpoint;
    private transient DicomwebClient client;

    ListSeriesFn(DicomwebEndpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Setup
    public void setup() throws DicomwebException {
      client = DicomwebClient.open(endpoint);
    }

    @ProcessElement
    public void process(@Element KV<String, String> study, MultiOutputReceiver out) {
      String patient = study.getKey();
      String studyUid = study.getValue();
      try {
        for (QidoSeries series : client.series(studyUid)) {
          if (!series.modality().isEmpty() && !series.modality().equals("CT")) {
            otherModalities.inc();
            continue;
          }
          String key = patient + "/" + series.seriesInstanceUid();
          List<QidoInstance> instances = new ArrayList<>(client.instances(studyUid, series.seriesInstanceUid()));
          if (instances.isEmpty()) {
            out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, key, endpoint.baseUrl() + "/studies/" + studyUid + "/series/"
                + series.seriesInstanceUid(), "NoInstances", "the service lists the series but none of its instances", true));
            continue;
          }
          instances.sort(Comparator.comparing((QidoInstance i) -> i.instanceNumber() == null ? Integer.MAX_VALUE : i.instanceNumber())
              .thenComparing(QidoInstance::sopInstanceUid));
          List<String> urls = instances.stream()
              .map(i -> client.instanceUrl(studyUid, series.seriesInstanceUid(), i.sopInstanceUid())).toList();
          out.get(SERIES).output(new SeriesRef(SPLIT, patient, series.seriesInstanceUid(), urls, InputFingerprint.ofInstances(urls)));
        }
      } catch (DicomwebException unlisted) {
        out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, patient + "/" + studyUid, unlisted.location(),
            unlisted.getClass().getSimpleName(), unlisted.reason(), true));
      }
    }
  }
}
