package org.traumaflow.pipeline.series;

import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.SegmentedSeries;

/**
 * The steps every pipeline takes once its series are found ({@link SeriesSource}): read and
 * preprocess them (from files, or from the DICOMweb service they were found on) and, with a checkpoint,
 * segment their organs, or with reference masks take the organs from those. Emits the segmented series and every dead letter of those steps.
 *
 * <pre>{@code
 * PCollectionTuple stage1 = pipeline.apply(SeriesSource.of(options).withSplits(Set.of("train")))
 *     .get(SeriesSource.SERIES)
 *     .apply(PrepareAndSegment.from(options, spec));
 * }</pre>
 */
public final class PrepareAndSegment extends PTransform<PCollection<SeriesRef>, PCollectionTuple> {
  public static final TupleTag<KV<SeriesRef, SegmentedSeries>> SEGMENTED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final PreprocessOptions options;
  private final PreprocessSpec spec;

  private PrepareAndSegment(PreprocessOptions options, PreprocessSpec spec) {
    this.options = options;
    this.spec = spec;
  }

  /** The DICOMweb service (if any) and checkpoint of {@code options}, the settings of {@code spec}. */
  public static PrepareAndSegment from(PreprocessOptions options, PreprocessSpec spec) {
    return new PrepareAndSegment(options, spec);
  }

  @Override
  public PCollectionTuple expand(PCollection<SeriesRef> refs) {
    ReadSeries reader = ReadSeries.preparedAs(spec);
    DicomwebEndpoint endpoint = SeriesSource.dicomweb(options);
    // Dealt out here, right before the series' own work: any join before it (score's ledger check)
    // hashes the series onto workers again.
    PCollection<SeriesRef> spread = refs.apply("Spread series over workers", new SpreadLargestFirst());
    // Reading and preprocessing are one step, so the HU volume is never held whole.
    PCollectionTuple read = spread.apply("Read and preprocess series", endpoint == null ? reader : reader.from(endpoint));
    PCollection<KV<SeriesRef, PreparedSeries>> prepared = read.get(ReadSeries.SERIES);
    PCollectionList<DeadLetter> deadLetters = PCollectionList.of(read.get(ReadSeries.DEAD_LETTERS));
    PCollection<KV<SeriesRef, SegmentedSeries>> segmented;
    boolean model = options.getSegmentationModel() != null && !options.getSegmentationModel().isBlank();
    boolean masks = options.getMasks() != null && !options.getMasks().isBlank();
    if (model && masks) {
      throw new IllegalArgumentException("--masks and --segmentation-model both give stage 1's organs: give one");
    }
    if (masks) {
      PCollectionTuple stage1 = prepared.apply("Organs from reference masks", new ReferenceMaskOrgans(options.getMasks(), spec.referenceMasks().labels(), spec.crop().studyCrop()));
      segmented = stage1.get(SegmentOrgans.SEGMENTED);
      deadLetters = deadLetters.and(stage1.get(SegmentOrgans.DEAD_LETTERS));
    } else if (!model) {
      segmented = prepared.apply("Segment organs (no model)", SegmentOrgans.skipped());
    } else {
      PCollectionTuple stage1 = prepared.apply("Segment organs", SegmentOrgans.withCheckpoint(options.getSegmentationModel())
          .withInference(spec.segmentation().inference())
          .withCrop(spec.crop().studyCrop()));
      segmented = stage1.get(SegmentOrgans.SEGMENTED);
      deadLetters = deadLetters.and(stage1.get(SegmentOrgans.DEAD_LETTERS));
    }
    PCollection<DeadLetter> letters = deadLetters.apply("Stage-1 dead letters", Flatten.pCollections());
    return PCollectionTuple.of(SEGMENTED, segmented).and(DEAD_LETTERS, letters);
  }

}
