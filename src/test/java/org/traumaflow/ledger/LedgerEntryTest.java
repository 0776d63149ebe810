package org.traumaflow.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;

/** A ledger entry read back is the entry written, whatever order its scores arrived in; an edit is refused. */
class LedgerEntryTest {
  private static final ScoringKey KEY = new ScoringKey("e".repeat(64), "p".repeat(64), "s".repeat(64));

  /** A member's scores with the targets in the reverse of their enum order, as a hash map may hold them. */
  private static SeriesScore reversed(String seriesId) {
    Map<SliceTarget, Double> study = new LinkedHashMap<>();
    Map<SliceTarget, List<Float>> curves = new LinkedHashMap<>();
    study.put(SliceTarget.EXTRAVASATION, 0.25);
    study.put(SliceTarget.BOWEL, 0.5);
    curves.put(SliceTarget.EXTRAVASATION, List.of(0.25f, 0.125f));
    curves.put(SliceTarget.BOWEL, List.of(0.5f, 0.375f));
    return new SeriesScore(seriesId, Map.of("bowel", study), Map.of("bowel", curves), null);
  }

  private static LedgerEntry entry(SeriesScore score) {
    return new LedgerEntry("10001", score.seriesId(), "i".repeat(64), KEY, "2026-12-07T22:00:00Z", score,
        List.of(new LedgerEntry.Letter("read", "/data/10001/1.2/3.dcm", "CorruptPixelData", "frame 1 is short")));
  }

  @Test
  void anEntryWhoseScoresArrivedOutOfOrderVerifiesWhenReadBack() throws IOException {
    LedgerEntry written = entry(reversed("1.2"));
    LedgerEntry read = LedgerEntry.parse("ledger/10001/1.2.json", written.toJson());
    assertEquals(written, read);
    assertTrue(read.answers("i".repeat(64), KEY), "it answers for the same files and key");
    assertEquals(List.of(SliceTarget.BOWEL, SliceTarget.EXTRAVASATION), List.copyOf(read.score().members().get("bowel").keySet()));
  }

  @Test
  void anEditedEntryIsRefusedNamingItsFile() {
    String json = new String(entry(reversed("1.2")).toJson(), StandardCharsets.UTF_8).replace("0.5", "0.05");
    IOException refused = assertThrows(IOException.class, () -> LedgerEntry.parse("ledger/10001/1.2.json", json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(refused.getMessage().contains("ledger/10001/1.2.json") && refused.getMessage().contains("entry_sha256"), refused.getMessage());
  }
}
