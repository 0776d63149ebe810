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
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomException;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.SeriesReadResult;
import org.traumaflow.dicom.SeriesReader;

/**
 * Reads each discovered series into a {@link CtSeries}, keyed by its {@link SeriesRef}.
 * Unreadable files are left out and reported; a series that cannot be read, or keeps fewer
 * than the minimum of slices, goes to the dead letters with its reason, and the others go on.
 *
 * <pre>{@code
 * PCollectionTuple read = refs.apply(ReadSeries.withMinSlices(10));
 * PCollection<KV<SeriesRef, CtSeries>> series = read.get(ReadSeries.SERIES);
 * PCollection<DeadLetter> failures = read.get(ReadSeries.DEAD_LETTERS);
 * }</pre>
 */
public final class ReadSeries extends PTransform<PCollection<SeriesRef>, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, CtSeries>> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  static final String STAGE = "read-series";

  private final int minSlices;

  private ReadSeries(int minSlices) {
    this.minSlices = minSlices;
  }

  /** Series keeping fewer readable slices than {@code minSlices} are dead-lettered. */
  public static ReadSeries withMinSlices(int minSlices) {
    if (minSlices < 1) {
      throw new IllegalArgumentException("minimum slices must be at least 1, got " + minSlices);
    }
    return new ReadSeries(minSlices);
  }

  @Override
  public PCollectionTuple expand(PCollection<SeriesRef> refs) {
    PCollectionTuple out = refs.apply("Read and decode", ParDo.of(new ReadFn(minSlices))
        .withOutputTags(SERIES, TupleTagList.of(DEAD_LETTERS)));
    out.get(SERIES).setCoder(KvCoder.of(ElementCoders.SeriesRefCoder.of(), ElementCoders.CtSeriesCoder.of()));
    out.get(DEAD_LETTERS).setCoder(ElementCoders.DeadLetterCoder.of());
    return out;
  }

  private static final class ReadFn extends DoFn<SeriesRef, KV<SeriesRef, CtSeries>> {
    private final Counter read = Metrics.counter(ReadSeries.class, "series-read");
    private final Counter failed = Metrics.counter(ReadSeries.class, "series-failed");
    private final Counter skippedSlices = Metrics.counter(ReadSeries.class, "slices-skipped");
    private final StepTime time = StepTime.of(StepTime.READ);
    private final int minSlices;

    ReadFn(int minSlices) {
      this.minSlices = minSlices;
    }

    @ProcessElement
    public void process(@Element SeriesRef ref, MultiOutputReceiver out) {
      List<DicomSource> sources = ref.files().stream().<DicomSource>map(BeamDicomSource::new).toList();
      try {
        SeriesReadResult result = time.measure(() -> SeriesReader.readTolerant(ref.key(), sources, minSlices));
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
