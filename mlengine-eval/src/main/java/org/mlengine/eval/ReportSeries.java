package org.mlengine.eval;

import java.util.List;
import java.util.Objects;

/**
 * One named run of (x, y) points in a {@link ReportChart}, drawn as a line, a dashed reference
 * line or separate points.
 *
 * <pre>{@code
 * ReportSeries trials = ReportSeries.points("trials", new double[] {1, 2, 3}, new double[] {0.81, 0.83, 0.82});
 * ReportSeries chance = ReportSeries.dashed("chance", new double[] {0, 1}, new double[] {0, 1});
 * }</pre>
 *
 * @param name the name shown in the chart's legend
 * @param mark how the points are drawn
 * @param x the points' x values, finite
 * @param y the points' y values, finite, one per x value
 */
public record ReportSeries(String name, Mark mark, List<Double> x, List<Double> y) {

  /**
   * How a series is drawn.
   *
   * <pre>{@code
   * new ReportSeries("model", ReportSeries.Mark.LINE, List.of(0.0, 1.0), List.of(0.0, 1.0));
   * }</pre>
   */
  public enum Mark {
    /** A solid line through the points in order (curves). */
    LINE,
    /** A dashed grey line through the points in order (references such as chance or y = x). */
    DASHED,
    /** A dot per point, unconnected (scatter plots). */
    POINTS
  }

  /**
   * Copies the values into immutable lists and checks them.
   *
   * @throws IllegalArgumentException if the name is blank, the lists differ in length or are
   *     empty, or a value is NaN or infinite
   */
  public ReportSeries {
    Check.argument(name != null && !name.isBlank(), "report series: the name is blank; expected the text for the legend, e.g. \"model\"");
    Objects.requireNonNull(mark, "report series '" + name + "': the mark is null; expected LINE, DASHED or POINTS");
    x = List.copyOf(x);
    y = List.copyOf(y);
    Check.argument(x.size() == y.size(), "report series '%s': %d x values but %d y values; expected one of each per point",
        name, x.size(), y.size());
    Check.argument(!x.isEmpty(), "report series '%s': no points; expected at least one (x, y) point — leave an empty series out", name);
    for (int i = 0; i < x.size(); i++) {
      Check.argument(Double.isFinite(x.get(i)) && Double.isFinite(y.get(i)),
          "report series '%s': point %d is (%s, %s); expected finite numbers — drop the points that are NaN or infinite",
          name, i, x.get(i), y.get(i));
    }
  }

  /** A solid line through the points in order. */
  public static ReportSeries line(String name, double[] x, double[] y) {
    return new ReportSeries(name, Mark.LINE, Lists.of(x), Lists.of(y));
  }

  /** A dashed reference line through the points in order. */
  public static ReportSeries dashed(String name, double[] x, double[] y) {
    return new ReportSeries(name, Mark.DASHED, Lists.of(x), Lists.of(y));
  }

  /** A dot per point. */
  public static ReportSeries points(String name, double[] x, double[] y) {
    return new ReportSeries(name, Mark.POINTS, Lists.of(x), Lists.of(y));
  }

  /** The number of points. */
  public int size() {
    return x.size();
  }
}
