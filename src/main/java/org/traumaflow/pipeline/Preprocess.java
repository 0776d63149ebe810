package org.traumaflow.pipeline;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.volume.PreparedSeries;
import org.traumaflow.volume.Preprocessing;

/**
 * The method's preprocessing of each series: the windowed variants ("ours", "theo") at full
 * resolution and the stage-1 input, as the spec says. The HU volume is dropped afterwards.
 *
 * <pre>{@code
 * PCollection<KV<SeriesRef, PreparedSeries>> prepared = series.apply(Preprocess.with(spec));
 * }</pre>
 */
public final class Preprocess extends PTransform<PCollection<KV<SeriesRef, CtSeries>>, PCollection<KV<SeriesRef, PreparedSeries>>> {
  private final PreprocessSpec spec;

  private Preprocess(PreprocessSpec spec) {
    this.spec = spec;
  }

  public static Preprocess with(PreprocessSpec spec) {
    return new Preprocess(spec);
  }

  @Override
  public PCollection<KV<SeriesRef, PreparedSeries>> expand(PCollection<KV<SeriesRef, CtSeries>> series) {
    return series.apply("Window and stage-1 input", ParDo.of(new PrepareFn(spec)))
        .setCoder(KvCoder.of(ElementCoders.SeriesRefCoder.of(), ElementCoders.PreparedSeriesCoder.of()));
  }

  private static final class PrepareFn extends DoFn<KV<SeriesRef, CtSeries>, KV<SeriesRef, PreparedSeries>> {
    private final StepTime time = StepTime.of(StepTime.PREPROCESS);
    private final PreprocessSpec spec;
    private transient Preprocessing.Settings settings;

    PrepareFn(PreprocessSpec spec) {
      this.spec = spec;
    }

    @Setup
    public void setup() {
      settings = spec.preprocessing();
    }

    @ProcessElement
    public void process(@Element KV<SeriesRef, CtSeries> element, OutputReceiver<KV<SeriesRef, PreparedSeries>> out) {
      PreparedSeries prepared = time.measure(() -> Preprocessing.prepare(element.getValue(), settings));
      out.output(KV.of(element.getKey(), prepared));
    }
  }
}
