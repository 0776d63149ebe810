package org.traumaflow.pipeline.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.pipeline.common.DeadLetter;

/**
 * The dead letters that passes of a job done in passes ({@link ScoreInPasses}) wrote for series
 * the ledger now carries over: an earlier pass that replaced an entry that did not verify reports
 * it there, and the last pass, which carries the new entry over, would otherwise not know. (What
 * scoring a series reported, a skipped slice or a gap, is in its entry.) Letters of series that
 * are not carried over are left out: the last pass tries those again and reports them itself.
 *
 * <pre>{@code
 * PCollection<DeadLetter> earlier = carried.apply(EarlierPassLetters.matching(output + "/score-pass-*.jsonl"));
 * }</pre>
 */
final class EarlierPassLetters extends PTransform<PCollection<KV<String, SeriesScore>>, PCollection<DeadLetter>> {
  private static final TupleTag<String> LETTERS = new TupleTag<>() {};
  private static final TupleTag<Integer> CARRIED = new TupleTag<>() {};

  private final String files;

  private EarlierPassLetters(String files) {
    this.files = files;
  }

  /** The letters in the JSON-lines files matching the glob {@code files}, one per pass; none matching is none. */
  static EarlierPassLetters matching(String files) {
    return new EarlierPassLetters(files);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<KV<String, SeriesScore>> carried) {
    PCollection<KV<String, String>> letters = carried.getPipeline()
        .apply("Read pass letters", TextIO.read().from(files).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        // A pass killed and run again wrote the same letters twice.
        .apply("Once each", Distinct.create())
        .apply("By series", ParDo.of(new ByItemFn()));
    PCollection<KV<String, Integer>> carriedKeys = carried
        .apply("Carried keys", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
            .via((KV<String, SeriesScore> series) -> KV.of(series.getKey() + "/" + series.getValue().seriesId(), 1)));
    return KeyedPCollectionTuple.of(LETTERS, letters).and(CARRIED, carriedKeys)
        .apply("Join carried series", CoGroupByKey.create())
        .apply("Letters of carried series", ParDo.of(new KeepCarriedFn()));
  }

  private static final class ByItemFn extends DoFn<String, KV<String, String>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ProcessElement
    public void process(@Element String line, OutputReceiver<KV<String, String>> out) throws IOException {
      if (!line.isBlank()) {
        out.output(KV.of(JSON.readTree(line).path("item").asText(), line));
      }
    }
  }

  private static final class KeepCarriedFn extends DoFn<KV<String, CoGbkResult>, DeadLetter> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> series, OutputReceiver<DeadLetter> out) throws IOException {
      if (!series.getValue().getAll(CARRIED).iterator().hasNext()) {
        return;
      }
      for (String line : series.getValue().getAll(LETTERS)) {
        out.output(DeadLetter.fromJson(JSON.readTree(line)));
      }
    }
  }
}
