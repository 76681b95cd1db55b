package org.mlengine.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model does worse than on average: its metric on every slice of the held-out rows,
 * from {@link ErrorAnalysis#slices}, ranked slices first, worst first.
 *
 * <pre>{@code
 * SliceReport report = ErrorAnalysis.slices(result, table).metric(Metrics.accuracy()).run();
 * report.worst(5).forEach(System.out::println);
 * report.column("Home");                // the slices of one column
 * Map<String, Object> json = report.toMap();
 * }</pre>
 *
 * @param metricName the metric's name
 * @param greaterIsBetter whether a higher value of the metric is better
 * @param testRows the number of held-out rows
 * @param overall the metric on all held-out rows, with its interval
 * @param columns the columns sliced, in the order they were analysed
 * @param slices every slice: the {@link Slice.Status#RANKED} ones first, from the most worse than
 *     overall to the least, then the {@link Slice.Status#UNDEFINED} and {@link
 *     Slice.Status#TOO_SMALL} ones, each in column order
 * @param edges the inner quantile-bin edges of each NUMERIC column, from its training values
 *     (empty for a column constant or missing in training: one bin)
 * @param minRows the fewest rows a slice needs to be ranked
 * @param intervalMethod how the intervals were computed, e.g. {@code "Wilson 95%"}
 */
public record SliceReport(
    String metricName,
    boolean greaterIsBetter,
    int testRows,
    Estimate overall,
    List<String> columns,
    List<Slice> slices,
    Map<String, List<Double>> edges,
    int minRows,
    String intervalMethod) {

  /** Copies the slices and edges into immutable collections. */
  public SliceReport {
    Check.notNull(metricName, "SliceReport", "metricName", "the metric's name");
    Check.notNull(overall, "SliceReport", "overall", "an Estimate");
    Check.notNull(intervalMethod, "SliceReport", "intervalMethod", "a description of the intervals");
    columns = ImmutableList.copyOf(columns);
    slices = ImmutableList.copyOf(slices);
    ImmutableMap.Builder<String, List<Double>> copy = ImmutableMap.builder();
    edges.forEach((k, v) -> copy.put(k, ImmutableList.copyOf(v)));
    edges = copy.build();
  }

  /**
   * The {@code k} ranked slices that are most worse than overall, worst first (fewer when fewer
   * are ranked). A ranked slice may be better than overall: check {@link Slice#worseBy()}.
   *
   * @param k how many, at least 0
   * @return an immutable list
   * @throws IllegalArgumentException if k is negative
   */
  public List<Slice> worst(int k) {
    Check.argument(k >= 0, "SliceReport.worst: k is %d; expected 0 or more slices", k);
    return slices.stream().filter(s -> s.status() == Slice.Status.RANKED).limit(k).collect(ImmutableList.toImmutableList());
  }

  /**
   * The slices of one column, in the order of {@link #slices()}.
   *
   * @param name a column the report covers
   * @return an immutable list
   * @throws IllegalArgumentException if the report has no slice of that column
   */
  public List<Slice> column(String name) {
    Check.argument(
        columns.contains(name),
        "SliceReport.column: the report has no slices of '%s'; expected one of %s",
        name, columns);
    return slices.stream().filter(s -> s.column().equals(name)).collect(ImmutableList.toImmutableList());
  }

  /**
   * The report as plain data for a JSON writer (the evaluation report renders the worst
   * slices from it).
   *
   * @return an immutable map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("metric", metricName);
    map.put("greaterIsBetter", greaterIsBetter);
    map.put("testRows", testRows);
    map.put("overall", overall.toMap());
    map.put("minRows", minRows);
    map.put("intervalMethod", intervalMethod);
    map.put("columns", columns);
    map.put("edges", edges);
    map.put("slices", slices.stream().map(Slice::toMap).toList());
    return Collections.unmodifiableMap(map);
  }

  /** The overall value, then every slice on its own line. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder()
        .append(metricName).append(" on ").append(testRows).append(" held-out rows: ").append(overall)
        .append(" (").append(intervalMethod).append(")");
    slices.forEach(s -> out.append('\n').append(s));
    return out.toString();
  }
}
