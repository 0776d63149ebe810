package org.traumaflow.pipeline.series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.traumaflow.pipeline.common.AllElements;
import org.traumaflow.pipeline.common.SeriesRef;

/**
 * Hands the series to the workers largest first, in turn. Each series is seconds to minutes of
 * decoding, segmentation and writing, and a run has few of them beside that cost: grouped by key,
 * a hash put three of four series on one worker as often as not, and left the other idle. Here the
 * series references (a few kilobytes each) are gathered, ordered by their number of files, largest
 * first, and dealt out round-robin ({@link Reshuffle}, which Flink runs as a rebalance), so the
 * workers' loads differ by at most about one series and the largest are not left to the end.
 * Any later step keyed by series (a join) hashes them onto workers again, so {@link
 * PrepareAndSegment} applies it as its first step.
 */
final class SpreadLargestFirst extends PTransform<PCollection<SeriesRef>, PCollection<SeriesRef>> {

  @Override
  public PCollection<SeriesRef> expand(PCollection<SeriesRef> series) {
    return series
        .apply("All series", Combine.globally(AllElements.<SeriesRef>create()).withoutDefaults())
        .apply("Largest first", ParDo.of(new LargestFirst()))
        .apply("Deal out to workers", Reshuffle.viaRandomKey());
  }

  /** Emits the gathered series by descending file count, then by key, so the order is the same every run. */
  private static final class LargestFirst extends DoFn<List<SeriesRef>, SeriesRef> {
    @ProcessElement
    public void process(@Element List<SeriesRef> all, OutputReceiver<SeriesRef> out) {
      List<SeriesRef> ordered = new ArrayList<>(all);
      ordered.sort(Comparator.comparingInt((SeriesRef ref) -> ref.files().size()).reversed().thenComparing(SeriesRef::key));
      ordered.forEach(out::output);
    }
  }
}
