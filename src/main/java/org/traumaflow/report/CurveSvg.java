package org.traumaflow.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One series' per-step probability curves as an inline SVG line chart: x is the step (the
 * ensemble's windows in order), y the probability 0..1, one polyline per member and target.
 */
final class CurveSvg {
  private static final int WIDTH = 560;
  private static final int PAD = 24;
  private static final int PLOT_HEIGHT = 150;
  private static final int LEGEND_ROW = 12;
  private static final int LEGEND_ROWS = 3;
  private static final int HEIGHT = PLOT_HEIGHT - PAD + LEGEND_ROW * (LEGEND_ROWS + 1);
  private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};

  private CurveSvg() {}

  /** {@code curves}: member -> target column -> per-step probabilities. */
  static String of(Map<String, Map<String, List<Double>>> curves) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"curves\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">");
    svg.append("<rect x=\"").append(PAD).append("\" y=\"").append(PAD / 2).append("\" width=\"").append(WIDTH - 2 * PAD)
        .append("\" height=\"").append(PLOT_HEIGHT - 2 * PAD).append("\" fill=\"#fafafa\" stroke=\"#999\"/>");
    svg.append("<text x=\"2\" y=\"").append(PAD / 2 + 10).append("\" font-size=\"10\">1</text>");
    svg.append("<text x=\"2\" y=\"").append(PAD / 2 + PLOT_HEIGHT - 2 * PAD).append("\" font-size=\"10\">0</text>");
    int colour = 0;
    int legendX = PAD;
    int legendRow = 0;
    for (Map.Entry<String, Map<String, List<Double>>> member : curves.entrySet()) {
      for (Map.Entry<String, List<Double>> target : member.getValue().entrySet()) {
        String stroke = COLOURS[colour++ % COLOURS.length];
        String label = (curves.size() > 1 ? member.getKey() + ": " : "") + target.getKey();
        svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(stroke).append("\" points=\"")
            .append(points(target.getValue())).append("\"><title>").append(HtmlText.escape(label)).append("</title></polyline>");
        int labelWidth = 6 * label.length() + 10;
        // Wrap the legend; labels past its last row are left to the lines' tooltips.
        if (legendX + labelWidth > WIDTH && legendX > PAD) {
          legendX = PAD;
          legendRow++;
        }
        if (legendRow < LEGEND_ROWS) {
          svg.append("<text font-size=\"10\" x=\"").append(legendX).append("\" y=\"").append(PLOT_HEIGHT - PAD + LEGEND_ROW * (legendRow + 1))
              .append("\" fill=\"").append(stroke).append("\">").append(HtmlText.escape(label)).append("</text>");
        }
        legendX += labelWidth;
      }
    }
    return svg.append("</svg>").toString();
  }

  private static String points(List<Double> curve) {
    StringBuilder points = new StringBuilder();
    double plotWidth = WIDTH - 2.0 * PAD;
    double plotHeight = PLOT_HEIGHT - 2.0 * PAD;
    for (int i = 0; i < curve.size(); i++) {
      double x = PAD + (curve.size() == 1 ? plotWidth / 2 : plotWidth * i / (curve.size() - 1));
      double y = PAD / 2.0 + plotHeight * (1 - Math.max(0, Math.min(1, curve.get(i))));
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return points.toString().trim();
  }
}
