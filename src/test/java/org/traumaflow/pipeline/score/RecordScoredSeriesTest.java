package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.coders.DeadLetterCoder;
import org.traumaflow.pipeline.common.coders.SeriesRefCoder;
import org.traumaflow.seg.CropBox;
import org.traumaflow.testing.SeriesScores;
import org.traumaflow.testing.TransformPipeline;

/**
 * Each scored series is kept in the ledger as soon as it is scored, with its crop box and what
 * scoring reported about it, so a run that dies later, or the next nightly run, does not score it
 * again; a series that failed leaves no entry.
 */
class RecordScoredSeriesTest {
  private static final ScoringKey KEY = new ScoringKey("e".repeat(64), "p".repeat(64), "s".repeat(64));
  private static final SeriesRef SCORED = new SeriesRef("test", "10", "1.1", List.of("10/1.1/1.dcm", "10/1.1/2.dcm"), "fingerprint-of-1.1");
  private static final SeriesRef FAILED = new SeriesRef("test", "11", "2.1", List.of("11/2.1/1.dcm"), "fingerprint-of-2.1");
  private static final CropBox SCORED_BOX = new CropBox(0.125, 0.875, 0.25, 0.75);
  private static final DeadLetter GAP = new DeadLetter("make-volumes", "10/1.1", "10/1.1", "SliceGap", "2 slices missing between 1 and 4", false);
  private static final DeadLetter SKIPPED = new DeadLetter("read-series", "10/1.1", "10/1.1/2.dcm", "CorruptPixelDataException", "truncated", false);
  private static final DeadLetter FAILURE = new DeadLetter("run-ensemble", "11/2.1", "11/2.1", "PredictionFailed", "member 'bowel', window 0", true);

  @TempDir Path output;

  @Test
  void aScoredSeriesIsWrittenToTheLedgerWithItsCropBoxAndLettersAndPassedOnByPatient() throws IOException {
    Pipeline pipeline = TransformPipeline.create();
    PAssert.that(recorded(pipeline)).containsInAnyOrder(KV.of("10", SeriesScores.bowel("1.1", 0.5, 0.0625, SCORED_BOX)));
    TransformPipeline.run(pipeline);

    // One complete entry, and nothing for the failed series; no temporary file left beside it
    // (the hidden lock file of each entry stays, for the next writer).
    assertEquals(List.of(LedgerEntry.path("10", "1.1")), ledgerFiles().stream().filter(f -> !Path.of(f).getFileName().toString().startsWith(".")).toList());
    assertEquals(List.of(), ledgerFiles().stream().filter(f -> f.contains(".tmp-")).toList());
    Path file = output.resolve(LedgerEntry.path("10", "1.1"));
    LedgerEntry entry = LedgerEntry.parse(file.toString(), Files.readAllBytes(file));
    assertEquals("10", entry.patientId());
    assertEquals("1.1", entry.seriesId());
    assertTrue(entry.answers("fingerprint-of-1.1", KEY), "the entry answers for the series' files and the run's key");
    assertEquals(SeriesScores.bowel("1.1", 0.5, 0.0625, SCORED_BOX), entry.score());
    // Sorted by stage, so an entry rewritten from the same scoring is the same entry.
    assertEquals(List.of(new LedgerEntry.Letter("make-volumes", "10/1.1", "SliceGap", "2 slices missing between 1 and 4"),
        new LedgerEntry.Letter("read-series", "10/1.1/2.dcm", "CorruptPixelDataException", "truncated")), entry.letters());
  }

  @Test
  void theNextRunCarriesTheRecordedSeriesOverInsteadOfScoringItAgain() throws IOException {
    // What an earlier, broken run left: replaced whole by the new entry.
    Path earlier = output.resolve(LedgerEntry.path("10", "1.1"));
    Files.createDirectories(earlier.getParent());
    Files.writeString(earlier, "{\"patient_id\": \"10\", \"series_id\"");
    Pipeline scoring = TransformPipeline.create();
    recorded(scoring);
    TransformPipeline.run(scoring);

    Pipeline rerun = TransformPipeline.create();
    PCollectionTuple checked = rerun.apply("Discovered again", Create.of(SCORED).withCoder(SeriesRefCoder.of()))
        .apply(CheckLedger.in(output.toString(), KEY));
    PAssert.that(checked.get(CheckLedger.TO_SCORE)).empty();
    PAssert.that(checked.get(CheckLedger.INVALID_ENTRIES)).empty();
    PAssert.that(checked.get(CheckLedger.CARRIED)).containsInAnyOrder(KV.of("10", SeriesScores.bowel("1.1", 0.5, 0.0625, SCORED_BOX)));
    PAssert.that(checked.get(CheckLedger.CARRIED_LETTERS)).containsInAnyOrder(GAP, SKIPPED);
    TransformPipeline.run(rerun);
  }

  /** Series 1.1 scored and series 2.1 failed in the ensemble, both segmented, as scoring hands them over. */
  private PCollection<KV<String, SeriesScore>> recorded(Pipeline pipeline) {
    KvCoder<String, SeriesScore> scoreCoder = KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SeriesScore.class));
    PCollection<KV<String, SeriesScore>> scores = pipeline.apply("Scores", Create.of(KV.of("10/1.1", SeriesScores.bowel("1.1", 0.5, 0.0625, null))).withCoder(scoreCoder));
    PCollection<KV<String, CropBox>> cropBoxes = pipeline.apply("Crop boxes", Create.of(KV.of("10/1.1", SCORED_BOX),
        KV.of("11/2.1", new CropBox(0, 1, 0, 0.5))).withCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(CropBox.class))));
    PCollection<SeriesRef> refs = pipeline.apply("Series", Create.of(SCORED, FAILED).withCoder(SeriesRefCoder.of()));
    PCollection<DeadLetter> letters = pipeline.apply("Letters", Create.of(SKIPPED, FAILURE, GAP).withCoder(DeadLetterCoder.of()));
    return scores.apply(RecordScoredSeries.in(output.toString(), KEY, cropBoxes, refs, letters));
  }

  /** Every file under the ledger, relative to the output. */
  private List<String> ledgerFiles() throws IOException {
    try (Stream<Path> files = Files.walk(output.resolve(LedgerEntry.FOLDER))) {
      return files.filter(Files::isRegularFile).map(f -> output.relativize(f).toString()).sorted().toList();
    }
  }
}
