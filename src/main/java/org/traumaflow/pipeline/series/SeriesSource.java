package org.traumaflow.pipeline.series;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;

/**
 * The first step of every pipeline: the series of the options' source, a dataset root in the competition
 * layout ({@code --input}, {@link DiscoverSeries}) or a DICOMweb service ({@code --dicomweb},
 * {@link DiscoverDicomwebSeries}), with the patient filter and limit applied. Emits the series
 * and the dead letters of discovery: local folders that cannot be read or hold no series, studies
 * a DICOMweb service lists but that cannot be used.
 *
 * <pre>{@code
 * PCollectionTuple found = pipeline.apply(SeriesSource.of(options).withSplits(Set.of("test")));
 * found.get(SeriesSource.SERIES).apply(PrepareAndSegment.from(options, spec));
 * }</pre>
 */
public final class SeriesSource extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SeriesRef> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final PreprocessOptions options;
  private final Set<String> splits;

  private SeriesSource(PreprocessOptions options, Set<String> splits) {
    this.options = options;
    this.splits = splits;
  }

  /** The source, patient filter and limit of {@code options}, every split. */
  public static SeriesSource of(PreprocessOptions options) {
    return new SeriesSource(options, Set.of());
  }

  /** A copy that reads only these splits ("train", "test"); a DICOMweb service's studies are the test split. */
  public SeriesSource withSplits(Set<String> only) {
    return new SeriesSource(options, Set.copyOf(only));
  }

  /**
   * The DICOMweb service of {@code options}, or null when they name a dataset root.
   *
   * @throws IllegalArgumentException when they name both
   */
  public static DicomwebEndpoint dicomweb(PreprocessOptions options) {
    if (isBlank(options.getDicomweb())) {
      return null;
    }
    if (!isBlank(options.getInput())) {
      throw new IllegalArgumentException("give a dataset root (--input) or a DICOMweb service (--dicomweb), not both");
    }
    return new DicomwebEndpoint(options.getDicomweb(), options.getDicomwebCaFile(), options.getDicomwebCredentials());
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    Set<String> patients = Arrays.stream(options.getPatients().split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    DicomwebEndpoint endpoint = dicomweb(options);
    if (endpoint == null) {
      DiscoverSeries discover = DiscoverSeries.in(options.getInput()).withPatients(patients).withLimit(options.getLimit());
      PCollectionTuple found = begin.apply("Discover files", splits.isEmpty() ? discover : discover.withSplits(splits));
      return PCollectionTuple.of(SERIES, found.get(DiscoverSeries.SERIES)).and(DEAD_LETTERS, found.get(DiscoverSeries.DEAD_LETTERS));
    }
    if (!splits.isEmpty() && !splits.contains(DiscoverDicomwebSeries.SPLIT)) {
      throw new IllegalArgumentException("a DICOMweb service's studies are read as the test split; the splits " + splits + " select none of them");
    }
    PCollectionTuple found = begin.apply("Discover DICOMweb series",
        DiscoverDicomwebSeries.at(endpoint).withPatients(patients).withLimit(options.getLimit()));
    return PCollectionTuple.of(SERIES, found.get(DiscoverDicomwebSeries.SERIES)).and(DEAD_LETTERS, found.get(DiscoverDicomwebSeries.DEAD_LETTERS));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
