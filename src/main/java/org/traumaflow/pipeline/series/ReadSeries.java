package org.traumaflow.pipeline.series;

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
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.SeriesIssue;
import org.traumaflow.dicom.SeriesNotSelectedException;
import org.traumaflow.dicom.SeriesReadResult;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicomweb.DicomwebClient;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.dicomweb.DicomwebException;
import org.traumaflow.dicomweb.DicomwebSeriesReader;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Preprocessing;

/**
 * Reads each discovered series that the selection rules select ({@link SeriesSelection}) and
 * preprocesses it as the spec says (the windowed variants and the stage-1 input), keyed by its
 * {@link SeriesRef}: files through Beam's file systems, or instances from a DICOMweb service
 * ({@link #from}). One step, slice by slice: each decoded slice goes straight into the variants,
 * so the series' HU volume is never held whole (a series in flight takes about its int16 size,
 * not twice it). Unreadable files are left out and reported; a series that cannot be read, or
 * keeps fewer than the minimum of slices, goes to the dead letters with its reason, and the
 * others go on. A series a rule leaves out goes there too, at
 * stage {@code select-series} with the rule, and each irregularity of a read series
 * ({@link SeriesIssue}: a gap, a repeated instance number) is reported without dropping it.
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
  static final String SELECT_STAGE = "select-series";
  /** The dead letters' error type of a series a rule left out: a choice, not a fault. */
  static final String NOT_SELECTED = "NotSelected";
  /** The dead letters' error type of an irregularity the series was read despite. */
  static final String ISSUE = "SeriesIssue";

  private final PreprocessSpec spec;
  private final DicomwebEndpoint dicomweb;

  private ReadSeries(PreprocessSpec spec, DicomwebEndpoint dicomweb) {
    this.spec = spec;
    this.dicomweb = dicomweb;
  }

  /**
   * Series the spec's selection rules ({@code series:}) leave out, or keeping fewer readable
   * slices than its minimum, are dead-lettered; the rest are windowed as its other keys say.
   */
  public static ReadSeries preparedAs(PreprocessSpec spec) {
    return new ReadSeries(spec, null);
  }

  /** A copy that fetches the refs' files, WADO-RS instance URLs ({@link DiscoverDicomwebSeries}), from {@code endpoint}. */
  public ReadSeries from(DicomwebEndpoint endpoint) {
    return new ReadSeries(spec, endpoint);
  }

  @Override
  public PCollectionTuple expand(PCollection<SeriesRef> refs) {
    PCollectionTuple out = refs.apply("Read, decode and window", ParDo.of(new ReadFn(spec, dicomweb))
        .withOutputTags(SERIES, TupleTagList.of(DEAD_LETTERS)));
    return out;
  }

  private static final class ReadFn extends DoFn<SeriesRef, KV<SeriesRef, PreparedSeries>> {
    private final Counter read = Metrics.counter(ReadSeries.class, "series-read");
    private final Counter failed = Metrics.counter(ReadSeries.class, "series-failed");
    private final Counter skippedSlices = Metrics.counter(ReadSeries.class, "slices-skipped");
    private final Counter notSelected = Metrics.counter(ReadSeries.class, "series-not-selected");
    private final StepTime time = StepTime.of(StepTime.READ);
    private final PreprocessSpec spec;
    private final DicomwebEndpoint dicomweb;
    private transient SeriesSelection selection;
    private transient SeriesReader.LayoutDecoder<PreparedSeries> prepare;
    private transient DicomwebClient client;

    ReadFn(PreprocessSpec spec, DicomwebEndpoint dicomweb) {
      this.spec = spec;
      this.dicomweb = dicomweb;
    }

    @Setup
    public void setup() throws DicomwebException {
      selection = spec.series().selection();
      Preprocessing.Settings settings = spec.preprocessing();
      prepare = layout -> Preprocessing.prepare(layout, settings);
      if (dicomweb != null) {
        client = DicomwebClient.open(dicomweb);
      }
    }

    @ProcessElement
    public void process(@Element SeriesRef ref, MultiOutputReceiver out) {
      try {
        SeriesReadResult<PreparedSeries> result = time.measure(() -> client != null
            ? DicomwebSeriesReader.read(client, ref.key(), ref.files(), selection, prepare)
            : SeriesReader.readTolerant(ref.key(), ref.files().stream().<DicomSource>map(BeamDicomSource::new).toList(), selection, prepare));
        for (DicomException skipped : result.skipped()) {
          skippedSlices.inc();
          out.get(DEAD_LETTERS).output(deadLetter(ref, skipped.source(), skipped, skipped.reason(), false));
        }
        for (SeriesIssue issue : result.series().issues()) {
          out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, ref.key(), ref.key(), ISSUE, issue.kind() + ": " + issue.detail(), false));
        }
        out.get(SERIES).output(KV.of(ref, result.series()));
        read.inc();
      } catch (SeriesNotSelectedException rejected) {
        notSelected.inc();
        out.get(DEAD_LETTERS).output(new DeadLetter(SELECT_STAGE, ref.key(), ref.key(), NOT_SELECTED, rejected.reason(), true));
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
