package org.traumaflow.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.traumaflow.ledger.ScoringKey;
import org.traumaflow.metric.CompetitionScore;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.OrganGroup;

/**
 * The self-contained {@code report.html} of one {@code score} run: a summary, then per patient
 * its 13 probabilities (each group's predicted class highlighted when it is an injury), per
 * series its per-step curves (inline SVG) and its key-slice montage ({@link SeriesMontage}, an
 * inline PNG). No network assets, and every text from the run is escaped.
 */
public final class ReportHtml {
  private ReportHtml() {}

  /**
   * @param run what the run wrote
   * @param montages the run's montage PNGs by their {@link SeriesMontage#file} name; a series
   *     without one (e.g. written by an older run, or not segmented) gets a line saying so
   * @param metric the official metric on the scored patients, or null when no labels were given
   * @param metricNote why there is no metric, shown when {@code metric} is null; may be null
   */
  public static String of(ScoredRun run, Map<String, byte[]> montages, CompetitionScore metric, String metricNote) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TraumaFlow score report</title><style>")
        .append("body{font-family:sans-serif;margin:16px;color:#222}table{border-collapse:collapse;margin:8px 0}")
        // Small enough that the 13 columns fit a 1200 px window.
        .append("td,th{border:1px solid #ccc;padding:2px 3px;font-size:11px;text-align:right}th{background:#eee}")
        .append("td.injury{background:#f8c4c4;font-weight:bold}td.text,th.text{text-align:left}")
        .append("section.patient{border-top:2px solid #888;margin-top:16px}.swatch{display:inline-block;width:10px;height:10px;")
        .append("margin:0 3px 0 8px;border:1px solid #888}</style></head><body>\n")
        .append("<h1>TraumaFlow score report</h1>\n");
    summary(html, run, metric, metricNote);
    html.append("<h2>Patients</h2>\n");
    legend(html);
    for (ScoredRun.Patient patient : run.patients()) {
      patient(html, patient, montages);
    }
    return html.append("</body></html>\n").toString();
  }

  private static String segmentation(String sha256) {
    if (sha256.equals(ScoringKey.NO_SEGMENTATION)) {
      return "none (--no-segmentation): every slice was scored uncropped, which no model saw in training";
    }
    return sha256.isEmpty() ? "unknown" : sha256;
  }

  private static void summary(StringBuilder html, ScoredRun run, CompetitionScore metric, String metricNote) {
    html.append("<table id=\"summary\">");
    row(html, "studies scored", Integer.toString(run.patients().size()));
    row(html, "of them on the fallback row", Long.toString(run.patients().stream().filter(ScoredRun.Patient::fallback).count()));
    row(html, "dead letters", Integer.toString(run.deadLetters().size()));
    row(html, "wall time", run.wallSeconds() == null ? "unknown" : String.format(Locale.ROOT, "%.1f s", run.wallSeconds()));
    row(html, "ensemble version (spec SHA-256)", run.ensembleSha256().isEmpty() ? "unknown" : run.ensembleSha256());
    row(html, "segmentation model (checkpoint SHA-256)", segmentation(run.segmentationSha256()));
    if (metric != null) {
      row(html, "official metric (mean of six log losses)", String.format(Locale.ROOT, "%.4f", metric.mean()));
      row(html, "bowel / extravasation / kidney / liver / spleen / any injury", String.format(Locale.ROOT,
          "%.4f / %.4f / %.4f / %.4f / %.4f / %.4f", metric.bowel(), metric.extravasation(), metric.kidney(), metric.liver(),
          metric.spleen(), metric.anyInjury()));
    } else {
      row(html, "official metric", metricNote == null ? "no labels given (--truth)" : metricNote);
    }
    html.append("</table>\n");
    if (!run.deadLetters().isEmpty()) {
      Map<String, Integer> reasons = new TreeMap<>();
      run.deadLetters().forEach(l -> reasons.merge(l.stage() + ": " + l.reason(), 1, Integer::sum));
      html.append("<h3>Dead letters by reason</h3><table id=\"dead-letters\"><tr><th class=\"text\">stage: reason</th><th>count</th></tr>");
      reasons.forEach((reason, count) -> html.append("<tr><td class=\"text\">").append(HtmlText.escape(reason)).append("</td><td>")
          .append(count).append("</td></tr>"));
      html.append("</table>\n");
    }
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><th class=\"text\">").append(HtmlText.escape(name)).append("</th><td class=\"text\">")
        .append(HtmlText.escape(value)).append("</td></tr>");
  }

  private static void legend(StringBuilder html) {
    html.append("<p id=\"montage-legend\">Montages: per series, left to right, the slice where stage 1 saw the liver, spleen, ")
        .append("kidneys and bowel most, soft-tissue window (WL 50 / WW 400), each organ's mask in its colour:");
    for (OrganGroup group : OrganGroup.values()) {
      html.append(String.format(Locale.ROOT, "<span class=\"swatch\" style=\"background:#%06x\"></span>", SeriesMontage.rgb(group)))
          .append(group.name().toLowerCase(Locale.ROOT));
    }
    html.append(String.format(Locale.ROOT, "<span class=\"swatch\" style=\"background:#%06x\"></span>", SeriesMontage.CROP_BOX_RGB))
        .append("the study's crop box. A crossed-out tile: stage 1 did not find that organ.</p>\n");
  }

  private static void patient(StringBuilder html, ScoredRun.Patient patient, Map<String, byte[]> montages) {
    html.append("<section class=\"patient\" id=\"patient-").append(patient.patientId()).append("\"><h3>Patient ")
        .append(patient.patientId()).append(patient.fallback() ? " (fallback row: no series could be scored)" : "").append("</h3>\n");
    html.append("<table class=\"probabilities\"><tr>");
    patient.probabilities().keySet().forEach(c -> html.append("<th>").append(HtmlText.escape(c)).append("</th>"));
    html.append("</tr><tr class=\"patient-row\">");
    List<String> injured = predictedInjuries(patient.probabilities());
    patient.probabilities().forEach((column, p) -> html.append(injured.contains(column) ? "<td class=\"injury\">" : "<td>")
        .append(String.format(Locale.ROOT, "%.3f", p)).append("</td>"));
    html.append("</tr></table>\n");
    for (ScoredRun.Series series : patient.series()) {
      String id = HtmlText.escape(series.seriesId());
      html.append("<h4>Series ").append(id).append("</h4>\n");
      html.append(series.curves().isEmpty() ? "<p>no per-step curves in predictions.jsonl</p>" : CurveSvg.of(series.curves())).append('\n');
      byte[] png = montages.get(SeriesMontage.file(Integer.toString(patient.patientId()), series.seriesId()));
      if (png != null) {
        html.append("<img class=\"montage\" alt=\"key slices of series ").append(id).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\">");
      } else {
        html.append("<p class=\"no-montage\">no montage of this series in ").append(SeriesMontage.FOLDER).append("/</p>");
      }
      html.append("<p class=\"crop-box\">").append(cropBox(series.cropBox())).append("</p>\n");
    }
    html.append("</section>\n");
  }

  private static String cropBox(CropBox box) {
    return box == null ? "no crop box" : String.format(Locale.ROOT, "crop box: rows %.0f-%.0f %%, columns %.0f-%.0f %% of the image",
        100 * box.row0(), 100 * box.row1(), 100 * box.col0(), 100 * box.col1());
  }

  /**
   * The columns the report highlights: per group, the class with the largest share when that
   * class is not the healthy one, i.e. the injury the row predicts.
   */
  static List<String> predictedInjuries(Map<String, Double> probabilities) {
    List<String> injured = new ArrayList<>();
    for (InjuryGroup group : InjuryGroup.values()) {
      List<String> columns = group.columns();
      String best = columns.get(0);
      for (String column : columns) {
        if (probabilities.getOrDefault(column, 0.0) > probabilities.getOrDefault(best, 0.0)) {
          best = column;
        }
      }
      if (!best.equals(columns.get(0))) {
        injured.add(best);
      }
    }
    return injured;
  }
}
