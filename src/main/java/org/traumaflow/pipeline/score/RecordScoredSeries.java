package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.seg.CropBox;
import org.traumaflow.storage.ObjectStore;

/**
 * Each newly scored series joined with its crop box and its discovery record, written to the
 * scoring ledger of the output location as soon as it is known ({@link LedgerEntry}, one atomic
 * object per series), then passed on keyed by patient. A run that dies after this step for a
 * series has kept that series: the next run carries it over ({@link CheckLedger}).
 *
 * <pre>{@code
 * PCollection<KV<String, SeriesScore>> byPatient = scores.apply(RecordScoredSeries.in(output, key, cropBoxes, refs, letters));
 * }</pre>
 */
public final class RecordScoredSeries extends PTransform<PCollection<KV<String, SeriesScore>>, PCollection<KV<String, SeriesScore>>> {
  private static final TupleTag<SeriesScore> SCORES = new TupleTag<>() {};
  private static final TupleTag<CropBox> CROPS = new TupleTag<>() {};
  private static final TupleTag<SeriesRef> REFS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> LETTERS = new TupleTag<>() {};

  private final String output;
  private final ScoringKey key;
  private final PCollection<KV<String, CropBox>> cropBoxes;
  private final PCollection<SeriesRef> refs;
  private final PCollection<DeadLetter> letters;

  private RecordScoredSeries(String output, ScoringKey key, PCollection<KV<String, CropBox>> cropBoxes, PCollection<SeriesRef> refs,
      PCollection<DeadLetter> letters) {
    this.output = output;
    this.key = key;
    this.cropBoxes = cropBoxes;
    this.refs = refs;
    this.letters = letters;
  }

  /**
   * @param output the scoring run's output location, whose ledger is written
   * @param key what the series were scored with
   * @param cropBoxes per {@code patient/series}, its study crop box
   * @param refs the series that were sent to scoring, for their ids and input fingerprints
   * @param letters the dead letters of the scoring steps, items {@code patient/series}: those of a
   *     series that scored are kept in its entry, to be reported again whenever it is carried over
   */
  public static RecordScoredSeries in(String output, ScoringKey key, PCollection<KV<String, CropBox>> cropBoxes, PCollection<SeriesRef> refs,
      PCollection<DeadLetter> letters) {
    return new RecordScoredSeries(output, key, cropBoxes, refs, letters);
  }

  @Override
  public PCollection<KV<String, SeriesScore>> expand(PCollection<KV<String, SeriesScore>> scores) {
    PCollection<KV<String, SeriesRef>> refsByKey = refs
        .apply("Key series", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(SeriesRef.class)))
            .via((SeriesRef ref) -> KV.of(ref.key(), ref)));
    PCollection<KV<String, DeadLetter>> lettersByKey = letters
        .apply("Key letters", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(DeadLetter.class)))
            .via((DeadLetter letter) -> KV.of(letter.item(), letter)));
    return KeyedPCollectionTuple.of(SCORES, scores).and(CROPS, cropBoxes).and(REFS, refsByKey).and(LETTERS, lettersByKey)
        .apply("Join crop boxes and inputs", CoGroupByKey.create())
        .apply("Write ledger entries", ParDo.of(new RecordFn(output, key)));
  }

  private static final class RecordFn extends DoFn<KV<String, CoGbkResult>, KV<String, SeriesScore>> {
    private final Counter recorded = Metrics.counter(RecordScoredSeries.class, "series-recorded");
    private final StepTime time = StepTime.of(StepTime.LEDGER);
    private final String output;
    private final ScoringKey key;
    private transient ObjectStore ledger;

    RecordFn(String output, ScoringKey key) {
      this.output = output;
      this.key = key;
    }

    @Setup
    public void setup() {
      ledger = ObjectStore.at(output);
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<KV<String, SeriesScore>> out) throws IOException {
      Iterator<SeriesScore> scores = joined.getValue().getAll(SCORES).iterator();
      // A series with a crop box but no score failed on the way; its dead letter is already written.
      if (!scores.hasNext()) {
        return;
      }
      SeriesScore scored = scores.next();
      SeriesRef ref = joined.getValue().getOnly(REFS);
      SeriesScore score = new SeriesScore(scored.seriesId(), scored.members(), scored.curves(), joined.getValue().getOnly(CROPS, null));
      List<LedgerEntry.Letter> letters = new ArrayList<>();
      for (DeadLetter letter : joined.getValue().getAll(LETTERS)) {
        letters.add(new LedgerEntry.Letter(letter.stage(), letter.location(), letter.errorType(), letter.reason()));
      }
      // Sorted, so an entry rewritten from the same scoring is the same entry.
      letters.sort(Comparator.comparing(LedgerEntry.Letter::stage).thenComparing(LedgerEntry.Letter::location)
          .thenComparing(LedgerEntry.Letter::error).thenComparing(LedgerEntry.Letter::reason));
      LedgerEntry entry = new LedgerEntry(ref.patientId(), ref.seriesId(), ref.inputSha256(), key, Instant.now().toString(), score, letters);
      time.measure(() -> {
        ledger.write(LedgerEntry.path(ref.patientId(), ref.seriesId()), entry.toJson());
        return entry;
      });
      recorded.inc();
      out.output(KV.of(ref.patientId(), score));
    }
  }
}
