package org.traumaflow.pipeline.series;

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
import org.traumaflow.engine.IntraOpThreads;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.pipeline.common.WorkerShared;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.OrganSegmenter;
import org.traumaflow.seg.SegmentationInference;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyCrop;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.storage.CheckpointFiles;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;

/**
 * Stage 1: runs the 3D segmentation model over each series' stage-1 input (non-overlapping
 * chunks, voxels above the threshold; 32 slices and 0.5 in the method) and attaches per-slice
 * organ visibility and the study crop box ({@link StudyCrop}). The checkpoint may be a local folder or a
 * {@code gs://} prefix (downloaded once per machine); it is loaded once per worker JVM and
 * shared by every DoFn instance there, and every forward pass runs in its own native memory
 * scope.
 *
 * <pre>{@code
 * PCollectionTuple segmented = prepared.apply(
 *     SegmentOrgans.withCheckpoint("gs://models/seg").withInference(new SegmentationInference(32, 0.5)).withCrop(new StudyCrop(0.05, 10)));
 * }</pre>
 */
public final class SegmentOrgans extends PTransform<PCollection<KV<SeriesRef, PreparedSeries>>, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, SegmentedSeries>> SEGMENTED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String checkpoint;
  private final SegmentationInference inference;
  private final StudyCrop crop;

  private SegmentOrgans(String checkpoint, SegmentationInference inference, StudyCrop crop) {
    this.checkpoint = checkpoint;
    this.inference = inference;
    this.crop = crop;
  }

  /**
   * With the model in {@code checkpoint} (a folder or {@code gs://} prefix written by
   * train-segmentation), run with the method's settings for that model and cropped to the bare
   * union box.
   */
  public static SegmentOrgans withCheckpoint(String checkpoint) {
    return new SegmentOrgans(checkpoint, null, StudyCrop.UNION);
  }

  /** A copy that runs the model with {@code inference} (the pipeline spec's chunk depth and threshold). */
  public SegmentOrgans withInference(SegmentationInference inference) {
    return new SegmentOrgans(checkpoint, java.util.Objects.requireNonNull(inference, "inference"), crop);
  }

  /** A copy that makes each study's crop box with {@code crop} (the pipeline spec's). */
  public SegmentOrgans withCrop(StudyCrop crop) {
    return new SegmentOrgans(checkpoint, inference, java.util.Objects.requireNonNull(crop, "crop"));
  }

  /** Without a model: series pass on with no organ findings (no visibility, whole-image crop). */
  public static PTransform<PCollection<KV<SeriesRef, PreparedSeries>>, PCollection<KV<SeriesRef, SegmentedSeries>>> skipped() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<SeriesRef, SegmentedSeries>> expand(PCollection<KV<SeriesRef, PreparedSeries>> input) {
        return input.apply("No segmentation model", MapElements.via(new Unsegmented()));
      }
    };
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SeriesRef, PreparedSeries>> prepared) {
    return prepared.apply("Segment organs", ParDo.of(new SegmentFn(checkpoint, inference, crop))
        .withOutputTags(SEGMENTED, TupleTagList.of(DEAD_LETTERS)));
  }

  private static final class Unsegmented extends SimpleFunction<KV<SeriesRef, PreparedSeries>, KV<SeriesRef, SegmentedSeries>> {
    @Override
    public KV<SeriesRef, SegmentedSeries> apply(KV<SeriesRef, PreparedSeries> element) {
      return KV.of(element.getKey(), new SegmentedSeries(element.getValue(), null));
    }
  }

  private static final class SegmentFn extends DoFn<KV<SeriesRef, PreparedSeries>, KV<SeriesRef, SegmentedSeries>> {
    private final Counter segmented = Metrics.counter(SegmentOrgans.class, "series-segmented");
    private final StepTime time = StepTime.of(StepTime.SEGMENT);
    private final String checkpoint;
    private final SegmentationInference inference;
    private final StudyCrop crop;
    private transient WorkerShared.Handle<OrganSegmenter> segmenter;

    SegmentFn(String checkpoint, SegmentationInference inference, StudyCrop crop) {
      this.checkpoint = checkpoint;
      this.inference = inference;
      this.crop = crop;
    }

    @Setup
    public void setup() throws Exception {
      // The manifest vouches for every file of the checkpoint: its hash names this content.
      String content = Sha256.hex(ObjectStore.at(checkpoint).read(CheckpointFiles.MANIFEST));
      segmenter = WorkerShared.acquire("organ-segmenter:" + checkpoint + "#" + content,
          () -> OrganSegmenter.load(LocalMirror.of(checkpoint, ObjectStore.at(checkpoint), LocalMirror.defaultCache())));
      // Every worker of this JVM holds a handle: they share the cores.
      IntraOpThreads.shareAmong(segmenter.users());
    }

    @ProcessElement
    public void process(@Element KV<SeriesRef, PreparedSeries> element, MultiOutputReceiver out) {
      PreparedSeries series = element.getValue();
      Stage1Input stage1 = series.stage1();
      try {
        StudyOrgans organs = time.measure(() -> {
          OrganSegmenter model = segmenter.get();
          SegmentationInference settings = inference == null ? SegmentationInference.of(model.config()) : inference;
          OrganMasks masks = model.segment(stage1.voxels(), stage1.slices(), stage1.size(), stage1.size(), settings);
          return StudyOrgans.of(masks, stage1, series.geometry(), crop);
        });
        out.get(SEGMENTED).output(KV.of(element.getKey(), new SegmentedSeries(series, organs)));
        segmented.inc();
      } catch (RuntimeException failed) {
        out.get(DEAD_LETTERS).output(new DeadLetter("segment-organs", element.getKey().key(), checkpoint,
            failed.getClass().getSimpleName(), String.valueOf(failed.getMessage()), true));
      }
    }

    @Teardown
    public void teardown() throws Exception {
      if (segmenter != null) {
        segmenter.close();
      }
    }
  }
}
