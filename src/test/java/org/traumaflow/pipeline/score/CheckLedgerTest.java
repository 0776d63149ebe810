package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
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
import org.traumaflow.pipeline.common.coders.SeriesRefCoder;
import org.traumaflow.seg.CropBox;
import org.traumaflow.testing.SeriesScores;
import org.traumaflow.testing.TransformPipeline;

/**
 * A nightly run scores only what the ledger cannot answer for: a series whose files and scoring
 * key match its entry is carried over with the recorded score (and the letters recorded with it);
 * a new or changed series, one scored with another ensemble, or one whose entry does not verify
 * is scored again.
 */
class CheckLedgerTest {
  private static final ScoringKey KEY = new ScoringKey("e".repeat(64), "p".repeat(64), ScoringKey.NO_SEGMENTATION);
  private static final ScoringKey OTHER_ENSEMBLE = new ScoringKey("f".repeat(64), "p".repeat(64), ScoringKey.NO_SEGMENTATION);

  @TempDir Path output;

  @Test
  void anUnchangedSeriesIsCarriedOverWithItsRecordedScoreAndLettersAndEveryOtherIsScored() throws IOException {
    SeriesRef unchanged = ref("10", "1.1", "a");
    SeriesRef changed = ref("10", "1.2", "b");
    SeriesRef fresh = ref("11", "2.1", "c");
    SeriesRef otherEnsemble = ref("12", "3.1", "d");
    LedgerEntry.Letter skippedSlice = new LedgerEntry.Letter("read-series", "10/1.1/7.dcm", "CorruptPixelDataException", "truncated pixel data");
    LedgerEntry kept = record(unchanged, KEY, List.of(skippedSlice));
    record(ref("10", "1.2", "b-before-a-file-changed"), KEY, List.of());
    record(otherEnsemble, OTHER_ENSEMBLE, List.of());
    // Series 4.1 left the input: its entry is left alone, neither carried nor reported.
    record(ref("13", "4.1", "e"), KEY, List.of());

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple checked = refs(pipeline, unchanged, changed, fresh, otherEnsemble).apply(CheckLedger.in(output.toString(), KEY));

    PAssert.that(checked.get(CheckLedger.TO_SCORE)).containsInAnyOrder(changed, fresh, otherEnsemble);
    PAssert.that(checked.get(CheckLedger.CARRIED)).containsInAnyOrder(KV.of("10", kept.score()));
    PAssert.that(checked.get(CheckLedger.CARRIED_LETTERS)).containsInAnyOrder(new DeadLetter("read-series", "10/1.1", "10/1.1/7.dcm",
        "CorruptPixelDataException", "truncated pixel data", false));
    PAssert.that(checked.get(CheckLedger.INVALID_ENTRIES)).empty();
    TransformPipeline.run(pipeline);
  }

  @Test
  void anEntryEditedTruncatedOrCopiedFromAnotherSeriesIsReportedAndItsSeriesScoredAgain() throws IOException {
    SeriesRef edited = ref("10", "1.1", "a");
    SeriesRef truncated = ref("11", "2.1", "b");
    SeriesRef copiedOver = ref("12", "3.1", "c");
    Path editedFile = output.resolve(LedgerEntry.path("10", "1.1"));
    record(edited, KEY, List.of());
    Files.writeString(editedFile, Files.readString(editedFile).replace("0.25", "0.75"));
    Path truncatedFile = output.resolve(LedgerEntry.path("11", "2.1"));
    record(truncated, KEY, List.of());
    byte[] whole = Files.readAllBytes(truncatedFile);
    Files.write(truncatedFile, Arrays.copyOf(whole, whole.length / 2));
    // Series 3.1's entry is a copy of another series' entry: it answers for that series, not this one.
    Path copiedFile = output.resolve(LedgerEntry.path("12", "3.1"));
    Files.createDirectories(copiedFile.getParent());
    Files.write(copiedFile, entry(ref("12", "3.9", "c"), KEY, List.of()).toJson());

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple checked = refs(pipeline, edited, truncated, copiedOver).apply(CheckLedger.in(output.toString(), KEY));

    PAssert.that(checked.get(CheckLedger.TO_SCORE)).containsInAnyOrder(edited, truncated, copiedOver);
    PAssert.that(checked.get(CheckLedger.CARRIED)).empty();
    String editedUri = editedFile.toString();
    String truncatedUri = truncatedFile.toString();
    String copiedUri = copiedFile.toString();
    PAssert.that(checked.get(CheckLedger.INVALID_ENTRIES)).satisfies(letters -> {
      Map<String, DeadLetter> byItem = new TreeMap<>();
      letters.forEach(letter -> byItem.put(letter.item(), letter));
      assertEquals(Set.of("10/1.1", "11/2.1", "12/3.1"), byItem.keySet());
      invalid(byItem.get("10/1.1"), editedUri, "edited after it was written");
      invalid(byItem.get("11/2.1"), truncatedUri, "not a valid scoring ledger entry");
      invalid(byItem.get("12/3.1"), copiedUri, "it is the entry of 12/3.9, moved or copied here");
      return null;
    });
    TransformPipeline.run(pipeline);
  }

  @Test
  void aRescoringRunScoresTheSeriesItNamesAndCarriesTheOthersOver() throws IOException {
    SeriesRef rescored = ref("10", "1.1", "a");
    SeriesRef carried = ref("11", "2.1", "b");
    record(rescored, KEY, List.of());
    LedgerEntry kept = record(carried, KEY, List.of());

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple checked = refs(pipeline, rescored, carried).apply(CheckLedger.in(output.toString(), KEY).rescoring(Set.of("10/1.1")));

    PAssert.that(checked.get(CheckLedger.TO_SCORE)).containsInAnyOrder(rescored);
    PAssert.that(checked.get(CheckLedger.CARRIED)).containsInAnyOrder(KV.of("11", kept.score()));
    TransformPipeline.run(pipeline);
  }

  @Test
  void rescoringAllScoresEverySeriesWhateverItsEntrySays() throws IOException {
    SeriesRef scored = ref("10", "1.1", "a");
    record(scored, KEY, List.of());
    Path unreadable = output.resolve(LedgerEntry.path("11", "2.1"));
    Files.createDirectories(unreadable.getParent());
    Files.writeString(unreadable, "not an entry");

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple checked = refs(pipeline, scored).apply(CheckLedger.in(output.toString(), KEY).rescoringAll());

    PAssert.that(checked.get(CheckLedger.TO_SCORE)).containsInAnyOrder(scored);
    PAssert.that(checked.get(CheckLedger.CARRIED)).empty();
    PAssert.that(checked.get(CheckLedger.INVALID_ENTRIES)).empty();
    TransformPipeline.run(pipeline);
  }

  private static void invalid(DeadLetter letter, String uri, String fault) {
    assertEquals(CheckLedger.STAGE, letter.stage());
    assertEquals("InvalidLedgerEntry", letter.errorType());
    assertEquals(uri, letter.location());
    assertTrue(letter.reason().contains(fault), letter.reason());
    assertTrue(letter.reason().endsWith("the series was scored again"), letter.reason());
    // The series was scored, not dropped.
    assertFalse(letter.fatal());
  }

  /** A discovered series whose files have the fingerprint {@code files}. */
  private static SeriesRef ref(String patient, String series, String files) {
    return new SeriesRef("test", patient, series, List.of(patient + "/" + series + "/1.dcm"), files);
  }

  private static PCollection<SeriesRef> refs(Pipeline pipeline, SeriesRef... refs) {
    return pipeline.apply("Discovered series", Create.of(List.of(refs)).withCoder(SeriesRefCoder.of()));
  }

  /** The entry a run that scored {@code ref} with {@code key} wrote to the ledger. */
  private LedgerEntry record(SeriesRef ref, ScoringKey key, List<LedgerEntry.Letter> letters) throws IOException {
    LedgerEntry entry = entry(ref, key, letters);
    Path file = output.resolve(LedgerEntry.path(ref.patientId(), ref.seriesId()));
    Files.createDirectories(file.getParent());
    Files.write(file, entry.toJson());
    return entry;
  }

  private static LedgerEntry entry(SeriesRef ref, ScoringKey key, List<LedgerEntry.Letter> letters) {
    SeriesScore score = SeriesScores.bowel(ref.seriesId(), 0.25, 0.125, new CropBox(0.1, 0.9, 0.2, 0.8));
    return new LedgerEntry(ref.patientId(), ref.seriesId(), ref.inputSha256(), key, "2026-12-01T02:00:00Z", score, letters);
  }
}
