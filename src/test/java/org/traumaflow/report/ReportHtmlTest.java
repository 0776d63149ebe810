package org.traumaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.seg.CropBox;

/** The report's HTML without a browser: escaping, the highlighted injuries, dead letters by reason, montages. */
class ReportHtmlTest {
  private static Map<String, Double> healthyRow() {
    Map<String, Double> row = new LinkedHashMap<>();
    for (String column : SubmissionRow.COLUMNS) {
      row.put(column, column.endsWith("_healthy") ? 0.9 : 0.05);
    }
    return row;
  }

  @Test
  void aGroupWhoseLargestShareIsAnInjuryIsHighlightedAndHealthyGroupsAreNot() {
    Map<String, Double> row = healthyRow();
    row.put("liver_healthy", 0.2);
    row.put("liver_low", 0.3);
    row.put("liver_high", 0.5);
    assertEquals(List.of("liver_high"), ReportHtml.predictedInjuries(row));
    assertTrue(ReportHtml.predictedInjuries(healthyRow()).isEmpty());
  }

  @Test
  void textFromTheRunIsEscapedEverywhere() {
    ScoredRun.Series series = new ScoredRun.Series("<script>alert(1)</script>", Map.of(),
        Map.of("m&<b>", Map.of("liver", List.of(0.1, 0.9))), new CropBox(0.1, 0.9, 0.2, 0.8));
    ScoredRun run = new ScoredRun(List.of(new ScoredRun.Patient(7, healthyRow(), false, List.of(series))),
        List.of(new ScoredRun.Letter("read-series", "7/1", "bad \"file\" <x>")), "abc", "def", 1.5);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    String html = ReportHtml.of(run, Map.of(SeriesMontage.file("7", series.seriesId()), png), null, null);
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<x>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("read-series: bad &quot;file&quot; &lt;x&gt;"), html);
    assertTrue(html.contains("<img class=\"montage\" alt=\"key slices of series &lt;script&gt;"), html);
    assertTrue(html.contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\""), html);
  }

  @Test
  void aSeriesWithoutAMontageSaysSoAndTheOthersKeepTheirs() {
    ScoredRun.Series drawn = new ScoredRun.Series("21057", Map.of(), Map.of(), new CropBox(0.25, 0.75, 0.1, 0.9));
    ScoredRun.Series missing = new ScoredRun.Series("21058", Map.of(), Map.of(), null);
    ScoredRun run = new ScoredRun(List.of(new ScoredRun.Patient(7, healthyRow(), false, List.of(drawn, missing))), List.of(), "abc", "def", null);
    String html = ReportHtml.of(run, Map.of(SeriesMontage.file("7", "21057"), new byte[] {1, 2, 3}), null, null);
    assertEquals(1, html.split("<img class=\"montage\"", -1).length - 1, html);
    assertTrue(html.contains("alt=\"key slices of series 21057\" src=\"data:image/png;base64,AQID\""), html);
    assertTrue(html.contains("<h4>Series 21058</h4>\n<p>no per-step curves in predictions.jsonl</p>\n<p class=\"no-montage\">"), html);
    assertTrue(html.contains("crop box: rows 25-75 %, columns 10-90 % of the image"), html);
  }
}
