package org.traumaflow.pipeline;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.traumaflow.seg.SegmentationInference;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.volume.PreparedSeries;

/**
 * The steps every pipeline starts with: discover the series of a dataset root, read and
 * preprocess them and, with a checkpoint, segment their organs. Emits the segmented series and
 * every dead letter of those steps.
 *
 * <pre>{@code
 * PCollectionTuple stage1 = pipeline.apply(PrepareAndSegment.from(options, spec).withSplits(Set.of("train")));
 * }</pre>
 */
public final class PrepareAndSegment extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, SegmentedSeries>> SEGMENTED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final PreprocessOptions options;
  private final PreprocessSpec spec;
  private final Set<String> splits;

  private PrepareAndSegment(PreprocessOptions options, PreprocessSpec spec, Set<String> splits) {
    this.options = options;
    this.spec = spec;
    this.splits = splits;
  }

  /** The dataset, patient filter, limit and checkpoint of {@code options}, the settings of {@code spec}. */
  public static PrepareAndSegment from(PreprocessOptions options, PreprocessSpec spec) {
    return new PrepareAndSegment(options, spec, Set.of());
  }

  /** A copy that reads only these splits ("train", "test"). */
  public PrepareAndSegment withSplits(Set<String> only) {
    return new PrepareAndSegment(options, spec, Set.copyOf(only));
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    DiscoverSeries discover = DiscoverSeries.in(options.getInput()).withLimit(options.getLimit());
    Set<String> patients = Arrays.stream(options.getPatients().split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    if (!patients.isEmpty()) {
      discover = discover.withPatients(patients);
    }
    if (!splits.isEmpty()) {
      discover = discover.withSplits(splits);
    }
    PCollection<SeriesRef> refs = begin.apply("1 Discover series", discover);
    // Reading and preprocessing are one step (so the HU volume is never held whole); the later
    // steps keep the numbers they had when preprocessing was step 3.
    PCollectionTuple read = refs.apply("2 Read and preprocess series", ReadSeries.preparedAs(spec));
    PCollection<KV<SeriesRef, PreparedSeries>> prepared = read.get(ReadSeries.SERIES);
    PCollectionList<DeadLetter> deadLetters = PCollectionList.of(read.get(ReadSeries.DEAD_LETTERS));
    PCollection<KV<SeriesRef, SegmentedSeries>> segmented;
    if (options.getSegmentationModel() == null || options.getSegmentationModel().isBlank()) {
      segmented = prepared.apply("4 Segment organs (no model)", SegmentOrgans.skipped());
    } else {
      PCollectionTuple stage1 = prepared.apply("4 Segment organs", SegmentOrgans.withCheckpoint(options.getSegmentationModel())
          .withInference(new SegmentationInference(spec.segmentation().chunkDepth(), spec.segmentation().threshold())));
      segmented = stage1.get(SegmentOrgans.SEGMENTED);
      deadLetters = deadLetters.and(stage1.get(SegmentOrgans.DEAD_LETTERS));
    }
    PCollection<DeadLetter> letters = deadLetters.apply("Stage-1 dead letters", Flatten.pCollections());
    return PCollectionTuple.of(SEGMENTED, segmented).and(DEAD_LETTERS, letters);
  }
}
