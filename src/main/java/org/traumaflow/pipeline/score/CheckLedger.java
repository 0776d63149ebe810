package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;

/**
 * The nightly step between discovery and scoring: each discovered series is looked up in the
 * scoring ledger of the output location ({@link LedgerEntry}). A series whose entry answers for
 * its files and the run's {@link ScoringKey} is carried over with its recorded score; every other
 * series (new, changed, scored with another ensemble, or whose entry cannot be read) is scored.
 * Entries of series no longer in the input are left alone and not reported.
 *
 * <pre>{@code
 * PCollectionTuple checked = refs.apply(CheckLedger.in("gs://bucket/nightly", key));
 * checked.get(CheckLedger.TO_SCORE).apply(PrepareAndSegment.from(options, spec));
 * }</pre>
 */
public final class CheckLedger extends PTransform<PCollection<SeriesRef>, PCollectionTuple> {
  public static final TupleTag<SeriesRef> TO_SCORE = new TupleTag<>() {};
  /** Carried-over series, keyed by patient, as {@link BlendPatients} takes them. */
  public static final TupleTag<KV<String, SeriesScore>> CARRIED = new TupleTag<>() {};
  /** The dead letters the carried-over series' entries recorded when they were scored, reported again. */
  public static final TupleTag<DeadLetter> CARRIED_LETTERS = new TupleTag<>() {};
  /**
   * One dead letter per entry that does not verify (edited, truncated, a probability outside
   * [0, 1]): its series is scored again and its entry rewritten.
   */
  public static final TupleTag<DeadLetter> INVALID_ENTRIES = new TupleTag<>() {};
  /** The stage of {@link #INVALID_ENTRIES}' letters. */
  public static final String STAGE = "check-ledger";

  private static final TupleTag<SeriesRef> REFS = new TupleTag<>() {};
  private static final TupleTag<LedgerEntry> ENTRIES = new TupleTag<>() {};
  private static final TupleTag<KV<String, LedgerEntry>> READ = new TupleTag<>() {};

  private final String output;
  private final ScoringKey key;
  private final boolean rescoreAll;
  private final Set<String> rescored;

  private CheckLedger(String output, ScoringKey key, boolean rescoreAll, Set<String> rescored) {
    this.output = output;
    this.key = key;
    this.rescoreAll = rescoreAll;
    this.rescored = rescored;
  }

  /** The ledger under {@code output} (a folder or gs:// prefix), entries made with {@code key}. */
  public static CheckLedger in(String output, ScoringKey key) {
    return new CheckLedger(output, key, false, Set.of());
  }

  /** A copy that scores every series and carries none over (the entries are then rewritten). */
  public CheckLedger rescoringAll() {
    return new CheckLedger(output, key, true, rescored);
  }

  /**
   * A copy that scores the series of {@code keys} ({@link SeriesRef#key()}) whatever their
   * entries say, and carries the others over as usual: a rescoring run done in passes rescores
   * each pass's series once.
   */
  public CheckLedger rescoring(Set<String> keys) {
    return new CheckLedger(output, key, rescoreAll, new HashSet<>(keys));
  }

  @Override
  public PCollectionTuple expand(PCollection<SeriesRef> refs) {
    PCollection<KV<String, SeriesRef>> byKey = refs
        .apply("Key series", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(SeriesRef.class)))
            .via((SeriesRef ref) -> KV.of(ref.key(), ref)));
    PCollection<KV<String, LedgerEntry>> entries;
    PCollection<DeadLetter> invalid;
    if (rescoreAll) {
      entries = refs.getPipeline().apply("No ledger entries", Create.empty(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(LedgerEntry.class))));
      invalid = refs.getPipeline().apply("No invalid entries", Create.empty(TypeDescriptor.of(DeadLetter.class)));
    } else {
      PCollectionTuple read = refs.getPipeline()
          .apply("Match ledger", FileIO.match().filepattern(output + "/" + LedgerEntry.glob()).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
          .apply("Open entries", FileIO.readMatches())
          .apply("Read entries", ParDo.of(new ReadEntryFn()).withOutputTags(READ, TupleTagList.of(INVALID_ENTRIES)));
      entries = read.get(READ);
      invalid = read.get(INVALID_ENTRIES);
    }
    PCollectionTuple checked = KeyedPCollectionTuple.of(REFS, byKey).and(ENTRIES, entries)
        .apply("Join ledger", CoGroupByKey.create())
        .apply("Carry over or score", ParDo.of(new DecideFn(key, rescored)).withOutputTags(TO_SCORE, TupleTagList.of(CARRIED).and(CARRIED_LETTERS)));
    return checked.and(INVALID_ENTRIES, invalid);
  }

  /**
   * How many discovered series a finished run carried over and sent to scoring, from its metrics.
   *
   * @param carriedOver taken from the ledger
   * @param toScore sent on to be scored (some may then have gone to the dead letters)
   */
  public record Counts(long carriedOver, long toScore) {
    public static Counts of(PipelineResult result) {
      return new Counts(counter(result, "series-carried-over"), counter(result, "series-to-score"));
    }

    private static long counter(PipelineResult result, String name) {
      long total = 0;
      for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named(CheckLedger.class, name)).build()).getCounters()) {
        total += counter.getAttempted();
      }
      return total;
    }

    @Override
    public String toString() {
      return carriedOver + " series carried over from the ledger, " + toScore + " to score";
    }
  }

  private static final class ReadEntryFn extends DoFn<FileIO.ReadableFile, KV<String, LedgerEntry>> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckLedger.class);
    private final Counter unreadable = Metrics.counter(CheckLedger.class, "ledger-entries-unreadable");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String uri = file.getMetadata().resourceId().toString();
      try {
        LedgerEntry entry = LedgerEntry.parse(uri, file.readFullyAsBytes());
        if (!uri.endsWith("/" + LedgerEntry.path(entry.patientId(), entry.seriesId()))) {
          throw new IOException(uri + ": not a valid scoring ledger entry: it is the entry of " + entry.patientId() + "/" + entry.seriesId()
              + ", moved or copied here");
        }
        out.get(READ).output(KV.of(entry.patientId() + "/" + entry.seriesId(), entry));
      } catch (IOException unusable) {
        // The series is scored again and its entry rewritten; nothing is lost by not trusting it,
        // and the operator learns that the ledger was changed behind the run's back.
        unreadable.inc();
        LOG.warn("{}; the series is scored again", unusable.getMessage());
        out.get(INVALID_ENTRIES).output(new DeadLetter(STAGE, seriesOf(uri), uri, "InvalidLedgerEntry",
            unusable.getMessage() + "; the series was scored again", false));
      }
    }

    /** {@code patient/series} as the entry's path names them ({@code .../ledger/PATIENT/SERIES.json}). */
    private static String seriesOf(String uri) {
      String[] parts = uri.split("/");
      String series = parts[parts.length - 1];
      return parts[parts.length - 2] + "/" + series.substring(0, series.length() - ".json".length());
    }
  }

  private static final class DecideFn extends DoFn<KV<String, CoGbkResult>, SeriesRef> {
    private final Counter carried = Metrics.counter(CheckLedger.class, "series-carried-over");
    private final Counter toScore = Metrics.counter(CheckLedger.class, "series-to-score");
    private final ScoringKey key;
    private final Set<String> rescored;

    DecideFn(ScoringKey key, Set<String> rescored) {
      this.key = key;
      this.rescored = rescored;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> series, MultiOutputReceiver out) {
      SeriesRef ref = series.getValue().getOnly(REFS, null);
      if (ref == null) {
        return;
      }
      for (LedgerEntry entry : rescored.contains(ref.key()) ? List.<LedgerEntry>of() : series.getValue().getAll(ENTRIES)) {
        if (entry.answers(ref.inputSha256(), key)) {
          out.get(CARRIED).output(KV.of(ref.patientId(), entry.score()));
          for (LedgerEntry.Letter letter : entry.letters()) {
            out.get(CARRIED_LETTERS).output(new DeadLetter(letter.stage(), ref.key(), letter.location(), letter.error(), letter.reason(), false));
          }
          carried.inc();
          return;
        }
      }
      out.get(TO_SCORE).output(ref);
      toScore.inc();
    }
  }
}
