package org.traumaflow.pipeline.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.testing.TransformPipeline;

/**
 * The publishing pass of a job done in passes reports what earlier passes found wrong with the
 * ledger entries of the series it now carries over, once each, and nothing about series it does
 * not carry over (it reports those itself when it scores them).
 */
class EarlierPassLettersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path output;

  private final DeadLetter replacedEntry = new DeadLetter(CheckLedger.STAGE, "10/1.2", "ledger/10/1.2.json", "InvalidLedgerEntry",
      "entry_sha256 does not match; the series was scored again", false);
  private final DeadLetter otherPassesSeries = new DeadLetter(CheckLedger.STAGE, "11/2.1", "ledger/11/2.1.json", "InvalidLedgerEntry",
      "missing field 'members'; the series was scored again", false);

  @Test
  void aCarriedSeriesGetsTheLettersEarlierPassesWroteForItOnceEvenWhenAPassRanTwice() throws IOException {
    passFile("score-pass-0.jsonl", replacedEntry, otherPassesSeries);
    // The same pass killed and run again wrote its letter a second time, in another file.
    passFile("score-pass-0-again.jsonl", replacedEntry);

    Pipeline pipeline = TransformPipeline.create();
    PCollection<DeadLetter> letters = carried(pipeline, KV.of("10", score("1.2")), KV.of("12", score("3.1")))
        .apply(EarlierPassLetters.matching(output + "/score-pass-*.jsonl"));

    PAssert.that(letters).containsInAnyOrder(replacedEntry);
    TransformPipeline.run(pipeline);
  }

  @Test
  void aSeriesThatIsNotCarriedOverGetsNoneOfItsEarlierLetters() throws IOException {
    passFile("score-pass-0.jsonl", replacedEntry, otherPassesSeries);

    Pipeline pipeline = TransformPipeline.create();
    PCollection<DeadLetter> letters = carried(pipeline, KV.of("12", score("3.1")))
        .apply(EarlierPassLetters.matching(output + "/score-pass-*.jsonl"));

    PAssert.that(letters).empty();
    TransformPipeline.run(pipeline);
  }

  @Test
  void aJobWhoseEarlierPassesWroteNoLetterFilesReportsNone() {
    Pipeline pipeline = TransformPipeline.create();
    PCollection<DeadLetter> letters = carried(pipeline, KV.of("10", score("1.2")))
        .apply(EarlierPassLetters.matching(output + "/score-pass-*.jsonl"));

    PAssert.that(letters).empty();
    TransformPipeline.run(pipeline);
  }

  /** A pass's letters as the pass writes them: one JSON object per line, blank lines between them allowed. */
  private void passFile(String name, DeadLetter... letters) throws IOException {
    List<String> lines = new ArrayList<>();
    for (DeadLetter letter : letters) {
      lines.add(JSON.writeValueAsString(letter.asJson()));
      lines.add("");
    }
    Files.write(output.resolve(name), lines);
  }

  @SafeVarargs
  private static PCollection<KV<String, SeriesScore>> carried(Pipeline pipeline, KV<String, SeriesScore>... series) {
    return pipeline.apply("Carried series", Create.of(List.of(series))
        .withCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SeriesScore.class))));
  }

  private static SeriesScore score(String seriesId) {
    return new SeriesScore(seriesId, Map.of(), Map.of(), null);
  }
}
