package org.mlengine.eval;

import java.util.List;

/**
 * A chart of a report section: a title, axis labels and one or more {@link ReportSeries}, drawn
 * as inline SVG in the HTML and kept as numbers in the JSON twin.
 *
 * <pre>{@code
 * ReportChart chart = new ReportChart("Score by trial", "trial", "validation ROC AUC",
 *     List.of(ReportSeries.points("trials", trialNumbers, scores)));
 * }</pre>
 *
 * @param title the chart's title
 * @param xLabel the x axis label
 * @param yLabel the y axis label
 * @param series the series, drawn in order (later ones on top)
 */
public record ReportChart(String title, String xLabel, String yLabel, List<ReportSeries> series) {

  /**
   * Copies the series into an immutable list and checks the texts.
   *
   * @throws IllegalArgumentException if the title is blank, a label is null, or there is no series
   */
  public ReportChart {
    Check.argument(title != null && !title.isBlank(), "report chart: the title is blank; expected a short title, e.g. \"ROC curve\"");
    Check.argument(xLabel != null && yLabel != null, "report chart '%s': an axis label is null; expected a text for each axis (may be empty)", title);
    series = List.copyOf(series);
    Check.argument(!series.isEmpty(), "report chart '%s': no series; expected at least one ReportSeries to draw", title);
  }
}
