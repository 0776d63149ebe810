package org.traumaflow.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.OrganSegmenter;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.volume.PreparedSeries;
import org.traumaflow.volume.Stage1Input;

/**
 * Stage 1: runs the 3D segmentation model over each series' stage-1 input (non-overlapping
 * 32-slice chunks, voxels above 0.5) and attaches per-slice organ visibility and the study crop
 * box. The model is loaded once per DoFn instance in {@code @Setup} and closed in
 * {@code @Teardown}; every forward pass runs in its own native memory scope.
 *
 * <pre>{@code
 * PCollectionTuple segmented = prepared.apply(SegmentOrgans.withCheckpoint("/models/seg-fold0"));
 * }</pre>
 */
public final class SegmentOrgans extends PTransform<PCollection<KV<SeriesRef, PreparedSeries>>, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, SegmentedSeries>> SEGMENTED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String checkpoint;

  private SegmentOrgans(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** With the model in {@code checkpoint} (a local folder written by train-segmentation). */
  public static SegmentOrgans withCheckpoint(String checkpoint) {
    return new SegmentOrgans(checkpoint);
  }

  /** Without a model: series pass on with no organ findings (no visibility, whole-image crop). */
  public static PTransform<PCollection<KV<SeriesRef, PreparedSeries>>, PCollection<KV<SeriesRef, SegmentedSeries>>> skipped() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<SeriesRef, SegmentedSeries>> expand(PCollection<KV<SeriesRef, PreparedSeries>> input) {
        return input.apply("No segmentation model", MapElements.via(new Unsegmented())).setCoder(coder());
      }
    };
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SeriesRef, PreparedSeries>> prepared) {
    PCollectionTuple out = prepared.apply("Segment organs", ParDo.of(new SegmentFn(checkpoint))
        .withOutputTags(SEGMENTED, TupleTagList.of(DEAD_LETTERS)));
    out.get(SEGMENTED).setCoder(coder());
    out.get(DEAD_LETTERS).setCoder(ElementCoders.DeadLetterCoder.of());
    return out;
  }

  static KvCoder<SeriesRef, SegmentedSeries> coder() {
    return KvCoder.of(ElementCoders.SeriesRefCoder.of(), ElementCoders.SegmentedSeriesCoder.of());
  }

  private static final class Unsegmented extends SimpleFunction<KV<SeriesRef, PreparedSeries>, KV<SeriesRef, SegmentedSeries>> {
    @Override
    public KV<SeriesRef, SegmentedSeries> apply(KV<SeriesRef, PreparedSeries> element) {
      return KV.of(element.getKey(), new SegmentedSeries(element.getValue(), null));
    }
  }

  private static final class SegmentFn extends DoFn<KV<SeriesRef, PreparedSeries>, KV<SeriesRef, SegmentedSeries>> {
    private final Counter segmented = Metrics.counter(SegmentOrgans.class, "series-segmented");
    private final String checkpoint;
    private transient OrganSegmenter segmenter;

    SegmentFn(String checkpoint) {
      this.checkpoint = checkpoint;
    }

    @Setup
    public void setup() throws IOException {
      segmenter = OrganSegmenter.load(Path.of(checkpoint));
    }

    @ProcessElement
    public void process(@Element KV<SeriesRef, PreparedSeries> element, MultiOutputReceiver out) {
      PreparedSeries series = element.getValue();
      Stage1Input stage1 = series.stage1();
      try {
        OrganMasks masks = segmenter.segment(stage1.voxels(), stage1.slices(), stage1.size(), stage1.size());
        StudyOrgans organs = StudyOrgans.of(masks, stage1, series.geometry().slices());
        out.get(SEGMENTED).output(KV.of(element.getKey(), new SegmentedSeries(series, organs)));
        segmented.inc();
      } catch (RuntimeException failed) {
        out.get(DEAD_LETTERS).output(new DeadLetter("segment-organs", element.getKey().key(), checkpoint,
            failed.getClass().getSimpleName(), String.valueOf(failed.getMessage()), true));
      }
    }

    @Teardown
    public void teardown() {
      if (segmenter != null) {
        segmenter.close();
      }
    }
  }
}
