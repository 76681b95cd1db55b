package org.mlengine.runtime;

import java.util.Map;
import java.util.Objects;
import org.mlengine.runtime.internal.Immutables;

/**
 * A metric on the held-out part: its value, a confidence interval, and the values the
 * baselines (zero rule, uniform random, stratified random) reach on the same rows.
 *
 * <pre>{@code
 * for (MetricEstimate m : result.estimates()) {
 *   System.out.printf("%s %.3f [%.3f, %.3f], zero rule %.3f%n",
 *       m.name(), m.value(), m.lower(), m.upper(), m.baselines().get("zero_rule"));
 * }
 * }</pre>
 *
 * @param name the metric's name
 * @param value the metric on the held-out rows
 * @param lower the interval's lower end ({@code NaN} when intervals are off)
 * @param upper the interval's upper end ({@code NaN} when intervals are off)
 * @param method how the interval was computed, e.g. {@code "bootstrap percentile 95% (1000)"}
 * @param baselines each baseline's value of the metric on the same rows, by baseline name
 */
public record MetricEstimate(String name, double value, double lower, double upper, String method, Map<String, Double> baselines) {

  /** Copies the baselines into an immutable map. */
  public MetricEstimate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    baselines = Immutables.map(baselines);
  }

  /**
   * The metric with its interval and how it was computed, to four decimals, e.g. {@code roc_auc
   * 0.8246 [0.7937, 0.8538] (bootstrap percentile (1000 resamples), 95%)}; without an interval
   * just the name and value.
   */
  @Override
  public String toString() {
    String text = name + " " + decimal(value);
    if (Double.isNaN(lower) && Double.isNaN(upper)) {
      return text;
    }
    return text + " [" + decimal(lower) + ", " + decimal(upper) + "]" + (method.isEmpty() ? "" : " (" + method + ")");
  }

  /** A value to four decimals, the same in every locale. */
  static String decimal(double value) {
    return String.format(java.util.Locale.ROOT, "%.4f", value);
  }
}
