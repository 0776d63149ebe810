package org.traumaflow.pipeline.score;

import java.io.IOException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.report.SeriesMontage;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.storage.ObjectStore;

/**
 * Writes each segmented series' key-slice montage ({@link SeriesMontage}) under the output,
 * atomically, for the report to embed once the pipeline is done; emits the file's URI. A series
 * that was not segmented has no montage, and an older run's montage of it is removed so the
 * report never shows one that is not this run's.
 *
 * <pre>{@code
 * segmented.apply("Series montages", ParDo.of(new WriteSeriesMontage(output)));
 * }</pre>
 */
final class WriteSeriesMontage extends DoFn<KV<SeriesRef, SegmentedSeries>, String> {
  private final Counter written = Metrics.counter(WriteSeriesMontage.class, "montages-written");
  private final StepTime time = StepTime.of(StepTime.MONTAGE);
  private final String output;
  private transient ObjectStore store;

  WriteSeriesMontage(String output) {
    this.output = output;
  }

  /** One store per DoFn instance: for gs:// it holds a Cloud Storage client, too costly to build per series. */
  @Setup
  public void setup() {
    store = ObjectStore.at(output);
  }

  @ProcessElement
  public void process(@Element KV<SeriesRef, SegmentedSeries> series, OutputReceiver<String> out) throws IOException {
    String file = SeriesMontage.file(series.getKey().patientId(), series.getKey().seriesId());
    SegmentedSeries segmented = series.getValue();
    if (segmented.organs() == null) {
      store.delete(file);
      return;
    }
    time.measure(() -> {
      store.write(file, SeriesMontage.png(segmented.prepared().stage1(), segmented.organs()));
      return file;
    });
    written.inc();
    out.output(store.uri(file));
  }
}
