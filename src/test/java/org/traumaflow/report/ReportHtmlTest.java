package org.traumaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.seg.CropBox;

/** The report's HTML without a browser: escaping, the highlighted injuries, dead letters by reason. */
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
        List.of(new ScoredRun.Letter("read-series", "7/1", "bad \"file\" <x>")), "abc", 1.5);
    String html = ReportHtml.of(run, null, null);
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<x>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("read-series: bad &quot;file&quot; &lt;x&gt;"), html);
    assertTrue(html.contains("<img class=\"montage\""), html);
    assertTrue(html.contains("src=\"data:image/png;base64,"), html);
  }
}
