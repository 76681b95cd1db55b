package org.mlengine.eval;

import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;

/**
 * An interval for metrics that are a share of rows (accuracy, ACPER), from the count of
 * successes: {@link Bounds#wilson()} or {@link Bounds#clopperPearson()}. Not an {@link
 * IntervalMethod} on its own: most pipelines also report metrics that are not proportions (ROC
 * AUC, log loss), so {@link #otherwise(IntervalMethod)} names the method for those.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     ...
 *     .metrics(Metrics.accuracy(), Metrics.rocAuc())
 *     .intervals(Bounds.wilson().otherwise(Bounds.bca(1000)))   // Wilson for accuracy, BCa for AUC
 *     .build();
 * }</pre>
 *
 * <p>For a proportion metric with value v on n = {@code outcomes.size()} rows the interval is
 * the one of round(v × n) successes in n trials at the pipeline's confidence level; the seed is
 * not used.
 *
 * @since 0.1
 */
public final class ProportionMethod {
  private final String name;
  private final boolean exact;

  private ProportionMethod(String name, boolean exact) {
    this.name = name;
    this.exact = exact;
  }

  static ProportionMethod wilson() {
    return new ProportionMethod("Wilson", false);
  }

  static ProportionMethod clopperPearson() {
    return new ProportionMethod("Clopper-Pearson", true);
  }

  /**
   * The interval method that uses this interval for proportion metrics and {@code fallback} for
   * every other metric. Its name reads e.g. {@code "Wilson (proportions), else bootstrap BCa
   * (1000 resamples)"}.
   *
   * @param fallback the method for metrics that are not a share of rows, e.g. {@code
   *     Bounds.bca(1000)}
   * @return the combined interval method
   * @throws IllegalArgumentException if fallback is null
   */
  public IntervalMethod otherwise(IntervalMethod fallback) {
    Check.notNull(
        fallback,
        name() + ".otherwise",
        "fallback",
        "the IntervalMethod for metrics that are not proportions, e.g. Bounds.bca(1000)");
    String combined = name() + ", else " + fallback.name();
    return new IntervalMethod() {
      @Override
      public String name() {
        return combined;
      }

      @Override
      public double[] interval(Metric metric, Outcomes outcomes, double level, long seed) {
        if (!isProportion(metric)) {
          return fallback.interval(metric, outcomes, level, seed);
        }
        Interval i = bounds(metric.evaluate(outcomes), outcomes.size(), level);
        return new double[] {i.lower(), i.upper()};
      }

      @Override
      public String toString() {
        return combined;
      }
    };
  }

  /**
   * The description, {@code "Wilson (proportions)"} or {@code "Clopper-Pearson
   * (proportions)"}.
   *
   * @return the name
   */
  public String name() {
    return name + " (proportions)";
  }

  @Override
  public String toString() {
    return name();
  }

  /** Whether the metric says it is a share of the outcomes' rows. */
  static boolean isProportion(Metric metric) {
    return metric instanceof OutcomeMetric om && om.proportion();
  }

  /** The interval of a share {@code value} of {@code rows} rows: round(value × rows) successes. */
  Interval bounds(double value, int rows, double level) {
    long successes = Math.round(value * rows);
    return exact
        ? Bounds.clopperPearson(successes, rows, level)
        : Bounds.wilson(successes, rows, level);
  }
}
