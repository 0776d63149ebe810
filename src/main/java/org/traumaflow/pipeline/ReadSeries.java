package org.traumaflow.pipeline;

import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.dicom.DicomException;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.SeriesReadResult;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.volume.PreparedSeries;
import org.traumaflow.volume.Preprocessing;

/**
 * Reads each discovered series and preprocesses it as the spec says (the windowed variants and
 * the stage-1 input), keyed by its {@link SeriesRef}. One step, slice by slice: each decoded
 * slice goes straight into the variants, so the series' HU volume is never held whole (a
 * 300-slice series in flight takes about its int16 size, not twice it). Unreadable files are
 * left out and reported; a series that cannot be read, or keeps fewer than the spec's minimum
 * of slices, goes to the dead letters with its reason, and the others go on.
 *
 * <pre>{@code
 * PCollectionTuple read = refs.apply(ReadSeries.preparedAs(spec));
 * PCollection<KV<SeriesRef, PreparedSeries>> series = read.get(ReadSeries.SERIES);
 * PCollection<DeadLetter> failures = read.get(ReadSeries.DEAD_LETTERS);
 * }</pre>
 */
public final class ReadSeries extends PTransform<PCollection<SeriesRef>, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, PreparedSeries>> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  static final String STAGE = "read-series";

  private final PreprocessSpec spec;

  private ReadSeries(PreprocessSpec spec) {
    this.spec = spec;
  }

  /** Series keeping fewer readable slices than the spec's {@code series.min_slices} are dead-lettered. */
  public static ReadSeries preparedAs(PreprocessSpec spec) {
    return new ReadSeries(spec);
  }

  @Override
  public PCollectionTuple expand(PCollection<SeriesRef> refs) {
    PCollectionTuple out = refs.apply("Read, decode and window", ParDo.of(new ReadFn(spec))
        .withOutputTags(SERIES, TupleTagList.of(DEAD_LETTERS)));
    out.get(SERIES).setCoder(KvCoder.of(ElementCoders.SeriesRefCoder.of(), ElementCoders.PreparedSeriesCoder.of()));
    out.get(DEAD_LETTERS).setCoder(ElementCoders.DeadLetterCoder.of());
    return out;
  }

  private static final class ReadFn extends DoFn<SeriesRef, KV<SeriesRef, PreparedSeries>> {
    private final Counter read = Metrics.counter(ReadSeries.class, "series-read");
    private final Counter failed = Metrics.counter(ReadSeries.class, "series-failed");
    private final Counter skippedSlices = Metrics.counter(ReadSeries.class, "slices-skipped");
    private final PreprocessSpec spec;
    private transient Preprocessing.Settings settings;

    ReadFn(PreprocessSpec spec) {
      this.spec = spec;
    }

    @Setup
    public void setup() {
      settings = spec.preprocessing();
    }

    @ProcessElement
    public void process(@Element SeriesRef ref, MultiOutputReceiver out) {
      List<DicomSource> sources = ref.files().stream().<DicomSource>map(BeamDicomSource::new).toList();
      try {
        SeriesReadResult<PreparedSeries> result = SeriesReader.readTolerant(ref.key(), sources, spec.series().minSlices(),
            layout -> Preprocessing.prepare(layout, settings));
        for (DicomException skipped : result.skipped()) {
          skippedSlices.inc();
          out.get(DEAD_LETTERS).output(deadLetter(ref, skipped.source(), skipped, skipped.reason(), false));
        }
        out.get(SERIES).output(KV.of(ref, result.series()));
        read.inc();
      } catch (DicomException unreadable) {
        failed.inc();
        out.get(DEAD_LETTERS).output(deadLetter(ref, unreadable.source(), unreadable, unreadable.reason(), true));
      } catch (RuntimeException bug) {
        // A bug must not take the other series down with it; the dead letter names it as such.
        failed.inc();
        out.get(DEAD_LETTERS).output(deadLetter(ref, ref.key(), bug, "internal error: " + bug, true));
      }
    }

    private static DeadLetter deadLetter(SeriesRef ref, String location, Exception error, String reason, boolean fatal) {
      return new DeadLetter(STAGE, ref.key(), location, error.getClass().getSimpleName(), reason, fatal);
    }
  }
}
