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
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.seg.SegmentationInference;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.volume.PreparedSeries;

/**
 * The steps every pipeline starts with: discover the series of a dataset root or a DICOMweb service, read them,
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

  /** The dataset or DICOMweb service, patient filter, limit and checkpoint of {@code options}, the settings of {@code spec}. */
  public static PrepareAndSegment from(PreprocessOptions options, PreprocessSpec spec) {
    return new PrepareAndSegment(options, spec, Set.of());
  }

  /** A copy that reads only these splits ("train", "test"). */
  public PrepareAndSegment withSplits(Set<String> only) {
    return new PrepareAndSegment(options, spec, Set.copyOf(only));
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    Set<String> patients = Arrays.stream(options.getPatients().split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    ReadSeries reader = ReadSeries.withMinSlices(spec.series().minSlices());
    PCollection<SeriesRef> refs;
    PCollectionList<DeadLetter> deadLetters = PCollectionList.empty(begin.getPipeline());
    if (isBlank(options.getDicomweb())) {
      DiscoverSeries discover = DiscoverSeries.in(options.getInput()).withLimit(options.getLimit());
      if (!patients.isEmpty()) {
        discover = discover.withPatients(patients);
      }
      if (!splits.isEmpty()) {
        discover = discover.withSplits(splits);
      }
      refs = begin.apply("1 Discover series", discover);
    } else {
      DicomwebEndpoint endpoint = dicomweb(options, splits);
      PCollectionTuple found = begin.apply("1 Discover DICOMweb series",
          DiscoverDicomwebSeries.at(endpoint).withPatients(patients).withLimit(options.getLimit()));
      refs = found.get(DiscoverDicomwebSeries.SERIES);
      deadLetters = deadLetters.and(found.get(DiscoverDicomwebSeries.DEAD_LETTERS));
      reader = reader.from(endpoint);
    }
    PCollectionTuple read = refs.apply("2 Read series", reader);
    PCollection<KV<SeriesRef, CtSeries>> series = read.get(ReadSeries.SERIES);
    PCollection<KV<SeriesRef, PreparedSeries>> prepared = series.apply("3 Preprocess", Preprocess.with(spec));
    deadLetters = deadLetters.and(read.get(ReadSeries.DEAD_LETTERS));
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

  /** The DICOMweb service of {@code options}; it is the source only when no dataset root is also given. */
  private static DicomwebEndpoint dicomweb(PreprocessOptions options, Set<String> splits) {
    if (!isBlank(options.getInput())) {
      throw new IllegalArgumentException("give a dataset root (--input) or a DICOMweb service (--dicomweb), not both");
    }
    if (!splits.isEmpty() && !splits.contains(DiscoverDicomwebSeries.SPLIT)) {
      throw new IllegalArgumentException("a DICOMweb service's studies are read as the test split; the splits " + splits + " select none of them");
    }
    return new DicomwebEndpoint(options.getDicomweb(), options.getDicomwebCaFile(), options.getDicomwebCredentials());
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
