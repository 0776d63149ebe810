package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.traumaflow.dicom.DicomFile;
import org.traumaflow.dicom.DicomInstance;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.StudyHeader;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicomweb.DicomwebClient;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.dicomweb.DicomwebException;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.StoredResults;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.series.BeamDicomSource;
import org.traumaflow.pipeline.series.SeriesSource;
import org.traumaflow.report.ArchiveResults;
import org.traumaflow.report.SeriesMontage;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.SafeName;

/**
 * A step of {@code score --store-results}: each scored patient's results written back as DICOM
 * ({@link ArchiveResults}: a findings SR and the key images of every study), either through
 * STOW-RS into the DICOMweb service the studies came from, or as files under
 * {@code OUTPUT/dicom/<patient>/<study>/}. The study's identity comes from one file of each
 * scored series, read again here. What the ledger records as stored ({@link StoredResults}) is
 * not stored again; a study whose store fails is a dead letter (stage {@value #STAGE}, with the
 * HTTP status) and is tried again by the next run. Emits the dead letters.
 *
 * <pre>{@code
 * PCollection<DeadLetter> letters = predictions.apply("Store results",
 *     StoreResults.to(StoreResults.Destination.DICOMWEB, output, endpoint, names, sha256).withSeries(refs));
 * }</pre>
 */
public final class StoreResults extends PTransform<PCollection<PatientPrediction>, PCollection<DeadLetter>> {
  public static final String STAGE = "store-results";
  /** Where the DICOM files go under the output with {@link Destination#FOLDER}. */
  public static final String FOLDER = "dicom";

  /** Where the results go. */
  enum Destination {
    DICOMWEB, FOLDER;

    /** The option's value: {@code dicomweb}, {@code folder}, or blank for none (null). */
    static Destination parse(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      for (Destination destination : values()) {
        if (destination.option().equals(value.strip())) {
          return destination;
        }
      }
      throw new IllegalArgumentException("--store-results (storeResults) is dicomweb or folder, not '" + value + "'");
    }

    String option() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Destination destination;
  private final String output;
  private final DicomwebEndpoint dicomweb;
  private final List<String> algorithmNames;
  private final String ensembleSha256;
  private final PCollection<SeriesRef> series;

  private StoreResults(Destination destination, String output, DicomwebEndpoint dicomweb, List<String> algorithmNames,
      String ensembleSha256, PCollection<SeriesRef> series) {
    this.destination = destination;
    this.output = output;
    this.dicomweb = dicomweb;
    this.algorithmNames = List.copyOf(algorithmNames);
    this.ensembleSha256 = ensembleSha256;
    this.series = series;
  }

  /**
   * The destination {@code options} ask for, or null for none.
   *
   * @throws IllegalArgumentException for an unknown one, or {@code dicomweb} without a DICOMweb source
   */
  static Destination destination(ScoreOptions options) {
    Destination destination = Destination.parse(options.getStoreResults());
    if (destination == Destination.DICOMWEB && SeriesSource.dicomweb(options) == null) {
      throw new IllegalArgumentException("--store-results dicomweb stores into the --dicomweb service the studies are read from; "
          + "give --dicomweb, or use --store-results folder");
    }
    return destination;
  }

  /**
   * Stores into {@code destination} ({@link #destination}); {@code dicomweb} is the studies' source
   * (null for a dataset), where the series' files are read from and {@link Destination#DICOMWEB} stores.
   */
  static StoreResults to(Destination destination, String output, DicomwebEndpoint dicomweb, List<String> algorithmNames, String ensembleSha256) {
    return new StoreResults(destination, output, dicomweb, algorithmNames, ensembleSha256, null);
  }

  /** A copy that finds each scored series' files among {@code refs} (every series discovered). */
  StoreResults withSeries(PCollection<SeriesRef> refs) {
    return new StoreResults(destination, output, dicomweb, algorithmNames, ensembleSha256, refs);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<PatientPrediction> predictions) {
    if (series == null) {
      throw new IllegalStateException("StoreResults needs the series: withSeries(refs)");
    }
    // Not anonymous subclasses: those would hold this transform, and the join's coder must serialize them.
    TupleTag<PatientPrediction> predicted = new TupleTag<>("predicted");
    TupleTag<SeriesRef> found = new TupleTag<>("series");
    PCollection<KV<Integer, PatientPrediction>> byPatient = predictions
        .apply("Scored patients", ParDo.of(new ScoredPatientFn()));
    PCollection<KV<Integer, SeriesRef>> refs = series
        .apply("Series by patient", ParDo.of(new RefByPatientFn()));
    return KeyedPCollectionTuple.of(predicted, byPatient).and(found, refs)
        .apply("Join series", CoGroupByKey.create())
        .apply("Write and store", ParDo.of(new StoreFn(this, predicted, found)));
  }

  /** Only scored patients have a study to write into: a fallback row was scored from nothing. */
  private static final class ScoredPatientFn extends DoFn<PatientPrediction, KV<Integer, PatientPrediction>> {
    @ProcessElement
    public void process(@Element PatientPrediction prediction, OutputReceiver<KV<Integer, PatientPrediction>> out) {
      if (!prediction.fallback()) {
        out.output(KV.of(prediction.patientId(), prediction));
      }
    }
  }

  /** Keyed as blending keys them: a patient id that is no number has no prediction to join. */
  private static final class RefByPatientFn extends DoFn<SeriesRef, KV<Integer, SeriesRef>> {
    @ProcessElement
    public void process(@Element SeriesRef ref, OutputReceiver<KV<Integer, SeriesRef>> out) {
      try {
        out.output(KV.of(Integer.parseInt(ref.patientId()), ref));
      } catch (NumberFormatException noPatientId) {
        // BlendPatients dead-letters it already.
      }
    }
  }

  private static final class StoreFn extends DoFn<KV<Integer, CoGbkResult>, DeadLetter> {
    private final Counter stored = Metrics.counter(StoreResults.class, "studies-stored");
    private final Counter alreadyStored = Metrics.counter(StoreResults.class, "studies-already-stored");
    private final Counter failed = Metrics.counter(StoreResults.class, "studies-not-stored");
    private final Destination destination;
    private final String output;
    private final DicomwebEndpoint dicomweb;
    private final List<String> algorithmNames;
    private final String ensembleSha256;
    private final TupleTag<PatientPrediction> predicted;
    private final TupleTag<SeriesRef> found;
    private transient ObjectStore store;
    private transient DicomwebClient client;

    StoreFn(StoreResults spec, TupleTag<PatientPrediction> predicted, TupleTag<SeriesRef> found) {
      this.destination = spec.destination;
      this.output = spec.output;
      this.dicomweb = spec.dicomweb;
      this.algorithmNames = spec.algorithmNames;
      this.ensembleSha256 = spec.ensembleSha256;
      this.predicted = predicted;
      this.found = found;
    }

    @Setup
    public void setup() throws DicomwebException {
      store = ObjectStore.at(output);
      if (dicomweb != null) {
        client = DicomwebClient.open(dicomweb);
      }
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> patient, OutputReceiver<DeadLetter> out) {
      PatientPrediction prediction = patient.getValue().getOnly(predicted, null);
      if (prediction == null) {
        return;
      }
      List<SeriesRef> refs = new ArrayList<>();
      patient.getValue().getAll(found).forEach(refs::add);
      String patientId = refs.isEmpty() ? Integer.toString(prediction.patientId()) : refs.get(0).patientId();
      List<ArchiveResults.StudyResults> results;
      try {
        List<ArchiveResults.ScoredSeries> scored = new ArrayList<>();
        for (SeriesScore score : prediction.series()) {
          SeriesRef ref = refs.stream().filter(r -> r.seriesId().equals(score.seriesId())).findFirst()
              .orElseThrow(() -> new IOException(patientId + "/" + score.seriesId() + ": scored, but no longer in the source"));
          String montage = SeriesMontage.file(ref.patientId(), ref.seriesId());
          scored.add(new ArchiveResults.ScoredSeries(header(ref), store.exists(montage) ? store.read(montage) : null));
        }
        results = ArchiveResults.of(prediction.row(), scored, algorithmNames, ensembleSha256, ZonedDateTime.now(ZoneOffset.UTC));
      } catch (DicomException unreadable) {
        failed.inc();
        out.output(new DeadLetter(STAGE, patientId, unreadable.source(), unreadable.getClass().getSimpleName(), unreadable.reason(), false));
        return;
      } catch (IOException | RuntimeException failure) {
        failed.inc();
        out.output(new DeadLetter(STAGE, patientId, patientId, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()), false));
        return;
      }
      for (ArchiveResults.StudyResults study : results) {
        String item = patientId + "/" + study.studyInstanceUid();
        try {
          if (store.exists(StoredResults.path(destination.option(), patientId, study.reportInstanceUid()))) {
            alreadyStored.inc();
            continue;
          }
          String location = store(patientId, study);
          StoredResults record = new StoredResults(destination.option(), location, patientId, study.studyInstanceUid(), ensembleSha256,
              study.reportInstanceUid(), study.instances().stream().map(DicomInstance::sopInstanceUid).toList(), Instant.now().toString());
          store.write(record.path(), record.toJson());
          stored.inc();
        } catch (DicomwebException refused) {
          failed.inc();
          out.output(new DeadLetter(STAGE, item, refused.location(), refused.getClass().getSimpleName(), refused.reason(), false));
        } catch (IOException | RuntimeException failure) {
          failed.inc();
          out.output(new DeadLetter(STAGE, item, item, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()), false));
        }
      }
    }

    /** Stores every instance of one study's results; returns where they went. */
    private String store(String patientId, ArchiveResults.StudyResults study) throws IOException {
      if (destination == Destination.DICOMWEB) {
        client.store(study.studyInstanceUid(), study.instances().stream().map(DicomInstance::part10).toList());
        return dicomweb.baseUrl();
      }
      String folder = FOLDER + "/" + SafeName.of(patientId) + "/" + SafeName.of(study.studyInstanceUid());
      for (DicomInstance instance : study.instances()) {
        store.write(folder + "/" + SafeName.of(instance.sopInstanceUid()) + ".dcm", instance.part10());
      }
      return store.uri(folder);
    }

    /** The header of the series' first file, from the service or the dataset it was read from. */
    private StudyHeader header(SeriesRef ref) throws IOException, DicomException {
      String first = ref.files().get(0);
      DicomFile file = client != null
          ? Part10Reader.parse(first, client.retrieve(first), true)
          : Part10Reader.readHeader(new BeamDicomSource(first));
      return StudyHeader.of(file);
    }
  }
}
