package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link ReportChart} as inline SVG: a frame, grid lines at "nice" ticks (1, 2 or 5
 * times a power of ten), tick labels, axis labels, a title, one polyline or group of dots per
 * series and a legend. Every text is escaped; coordinates print with two decimals, so the same
 * chart gives the same bytes.
 */
final class ReportSvg {
  static final int WIDTH = 720;
  static final int HEIGHT = 420;
  static final double LEFT = 72;
  static final double RIGHT = WIDTH - 180;
  static final double TOP = 36;
  static final double BOTTOM = HEIGHT - 56;
  private static final String[] PALETTE = {
      "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22"};
  private static final String REFERENCE = "#7f7f7f";

  private ReportSvg() {}

  /** An axis: the data range widened to whole ticks. */
  record Axis(double lo, double hi, double step, int decimals) {
    static Axis of(double min, double max) {
      double lo = min;
      double hi = max;
      if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(lo)))) {
        double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
      }
      double raw = (hi - lo) / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double f = raw / magnitude;
      double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
      // The tolerance keeps a bound that is already a tick from gaining another; rounding in
      // the product can still land a hair inside the data, which one more step corrects.
      double start = Math.floor(lo / step + 1e-9) * step;
      double end = Math.ceil(hi / step - 1e-9) * step;
      start = start > lo ? start - step : start;
      end = end < hi ? end + step : end;
      int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      return new Axis(start, end, step, decimals);
    }

    List<Double> ticks() {
      List<Double> out = new ArrayList<>();
      long n = Math.round((hi - lo) / step);
      for (long i = 0; i <= n; i++) {
        out.add(lo + i * step);
      }
      return out;
    }

    String label(double value) {
      String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
      return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }
  }

  static String render(ReportChart chart, String id) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (ReportSeries s : chart.series()) {
      for (int i = 0; i < s.size(); i++) {
        xMin = Math.min(xMin, s.x().get(i));
        xMax = Math.max(xMax, s.x().get(i));
        yMin = Math.min(yMin, s.y().get(i));
        yMax = Math.max(yMax, s.y().get(i));
      }
    }
    Axis x = Axis.of(xMin, xMax);
    Axis y = Axis.of(yMin, yMax);
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg class=\"chart\" id=\"").append(id).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(ReportFormat.escape(chart.title())).append("\">\n");
    svg.append("<text class=\"title\" x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"22\" text-anchor=\"middle\">")
        .append(ReportFormat.escape(chart.title())).append("</text>\n");
    appendGrid(svg, x, y);
    appendAxes(svg, chart, x, y);
    List<String> colours = colours(chart.series());
    appendMarks(svg, chart, x, y, colours);
    appendLegend(svg, chart, colours);
    svg.append("</svg>");
    return svg.toString();
  }

  /** The grid lines at every tick of both axes. */
  private static void appendGrid(StringBuilder svg, Axis x, Axis y) {
    svg.append("<g class=\"grid\">");
    for (double t : x.ticks()) {
      double px = px(x, t);
      svg.append("<line x1=\"").append(num(px)).append("\" y1=\"").append(num(TOP)).append("\" x2=\"").append(num(px))
          .append("\" y2=\"").append(num(BOTTOM)).append("\"/>");
    }
    for (double t : y.ticks()) {
      double py = py(y, t);
      svg.append("<line x1=\"").append(num(LEFT)).append("\" y1=\"").append(num(py)).append("\" x2=\"").append(num(RIGHT))
          .append("\" y2=\"").append(num(py)).append("\"/>");
    }
    svg.append("</g>\n");
  }

  /** The frame, the tick labels and the two axis labels. */
  private static void appendAxes(StringBuilder svg, ReportChart chart, Axis x, Axis y) {
    svg.append("<g class=\"axes\">");
    svg.append("<rect x=\"").append(num(LEFT)).append("\" y=\"").append(num(TOP)).append("\" width=\"").append(num(RIGHT - LEFT))
        .append("\" height=\"").append(num(BOTTOM - TOP)).append("\" fill=\"none\"/>");
    for (double t : x.ticks()) {
      svg.append("<text x=\"").append(num(px(x, t))).append("\" y=\"").append(num(BOTTOM + 18))
          .append("\" text-anchor=\"middle\">").append(x.label(t)).append("</text>");
    }
    for (double t : y.ticks()) {
      svg.append("<text x=\"").append(num(LEFT - 8)).append("\" y=\"").append(num(py(y, t) + 4))
          .append("\" text-anchor=\"end\">").append(y.label(t)).append("</text>");
    }
    svg.append("<text class=\"label\" x=\"").append(num((LEFT + RIGHT) / 2)).append("\" y=\"").append(num(HEIGHT - 14))
        .append("\" text-anchor=\"middle\">").append(ReportFormat.escape(chart.xLabel())).append("</text>");
    double middle = (TOP + BOTTOM) / 2;
    svg.append("<text class=\"label\" x=\"18\" y=\"").append(num(middle)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
        .append(num(middle)).append(")\">").append(ReportFormat.escape(chart.yLabel())).append("</text>");
    svg.append("</g>\n");
  }

  /** One group of dots or one polyline per series. */
  private static void appendMarks(StringBuilder svg, ReportChart chart, Axis x, Axis y, List<String> colours) {
    svg.append("<g class=\"marks\">\n");
    for (int s = 0; s < chart.series().size(); s++) {
      ReportSeries series = chart.series().get(s);
      String colour = colours.get(s);
      String common = " data-series=\"" + s + "\" data-name=\"" + ReportFormat.escape(series.name()) + "\" data-points=\""
          + series.size() + "\"";
      if (series.mark() == ReportSeries.Mark.POINTS) {
        svg.append("<g class=\"series points\"").append(common).append(" fill=\"").append(colour).append("\">");
        for (int i = 0; i < series.size(); i++) {
          svg.append("<circle cx=\"").append(num(px(x, series.x().get(i)))).append("\" cy=\"")
              .append(num(py(y, series.y().get(i)))).append("\" r=\"2\"/>");
        }
        svg.append("</g>\n");
      } else {
        svg.append("<polyline class=\"series ").append(series.mark() == ReportSeries.Mark.DASHED ? "dashed" : "line").append('"')
            .append(common).append(" fill=\"none\" stroke=\"").append(colour).append("\" points=\"");
        for (int i = 0; i < series.size(); i++) {
          svg.append(i == 0 ? "" : " ").append(num(px(x, series.x().get(i)))).append(',').append(num(py(y, series.y().get(i))));
        }
        svg.append("\"/>\n");
      }
    }
    svg.append("</g>\n");
  }

  /** A swatch and the name of every series. */
  private static void appendLegend(StringBuilder svg, ReportChart chart, List<String> colours) {
    svg.append("<g class=\"legend\">");
    for (int s = 0; s < chart.series().size(); s++) {
      ReportSeries series = chart.series().get(s);
      double ly = TOP + 8 + 18 * s;
      double lx = RIGHT + 14;
      String colour = colours.get(s);
      if (series.mark() == ReportSeries.Mark.POINTS) {
        svg.append("<circle cx=\"").append(num(lx + 10)).append("\" cy=\"").append(num(ly)).append("\" r=\"3\" fill=\"")
            .append(colour).append("\"/>");
      } else {
        svg.append("<line x1=\"").append(num(lx)).append("\" y1=\"").append(num(ly)).append("\" x2=\"").append(num(lx + 20))
            .append("\" y2=\"").append(num(ly)).append("\" stroke=\"").append(colour).append('"')
            .append(series.mark() == ReportSeries.Mark.DASHED ? " stroke-dasharray=\"5 4\"" : "").append("/>");
      }
      svg.append("<text x=\"").append(num(lx + 26)).append("\" y=\"").append(num(ly + 4)).append("\">")
          .append(ReportFormat.escape(series.name())).append("</text>");
    }
    svg.append("</g>\n");
  }

  /** Solid lines and dots take the palette in turn; dashed references are grey. */
  private static List<String> colours(List<ReportSeries> series) {
    List<String> out = new ArrayList<>();
    int next = 0;
    for (ReportSeries s : series) {
      out.add(s.mark() == ReportSeries.Mark.DASHED ? REFERENCE : PALETTE[next++ % PALETTE.length]);
    }
    return out;
  }

  static double px(Axis x, double value) {
    return LEFT + (value - x.lo()) / (x.hi() - x.lo()) * (RIGHT - LEFT);
  }

  static double py(Axis y, double value) {
    return BOTTOM - (value - y.lo()) / (y.hi() - y.lo()) * (BOTTOM - TOP);
  }

  private static String num(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.equals("-0.00") ? "0.00" : s;
  }
}
