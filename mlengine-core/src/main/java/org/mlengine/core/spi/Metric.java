package org.mlengine.core.spi;

import java.util.Optional;
import org.apiguardian.api.API;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.Task;

/**
 * A figure of merit computed on held-out {@link Outcomes}. Users get metrics from the
 * {@code Metrics} front door and hand them to {@link Pipeline.Builder#metrics(Metric...)}.
 *
 * <pre>{@code
 * Metric auc = Metrics.rocAuc();
 * double value = auc.evaluate(outcomes);
 * }</pre>
 *
 * <p>A metric with a closed-form confidence interval says so through {@link
 * #analyticInterval(Outcomes, double)} and {@link #pairedComparison(Outcomes, Outcomes, double)}; the
 * pipeline uses them by default and resamples only when asked to ({@code .bootstrap(1000)}).
 * Both return empty unless overridden, so a metric of your own keeps working: without an
 * analytic form it gets no interval and no baseline test unless resampling is asked for.
 *
 * <p>Resampling ({@code .bootstrap(n)}, {@code Bounds.percentile/bca}) calls {@link
 * #evaluate(Outcomes)} from several threads at once: a metric must not keep mutable state (a
 * cache, a counter) between calls, as the built-in ones do not.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface Metric {

  /** The name the metric is reported under, e.g. {@code "roc_auc"}. */
  String name();

  /** Whether the metric is defined for this task. */
  boolean supports(Task task);

  /**
   * The metric's value on these outcomes.
   *
   * @throws IllegalArgumentException when the outcomes do not suit the metric (a regression
   *     metric on classification outcomes, a single class for ROC AUC); the message says why
   */
  double evaluate(Outcomes outcomes);

  /** Whether a higher value is better (accuracy, ROC AUC); false for losses and errors. */
  default boolean greaterIsBetter() {
    return true;
  }

  /**
   * The metric's confidence interval on these outcomes from a formula (no resampling), or empty
   * when the metric has none; empty by default. A metric that is the mean of a per-row value
   * might answer with Student's t interval of those values:
   *
   * <pre>{@code
   * public Optional<AnalyticInterval> analyticInterval(Outcomes o, double level) {
   *   double[] loss = perRowLoss(o);
   *   double[] ci = tInterval(loss, level);          // mean ± t(n - 1) · s / √n
   *   return Optional.of(new AnalyticInterval(ci[0], ci[1], "Student t of per-row values"));
   * }
   * }</pre>
   *
   * @param outcomes the held-out outcomes, of a task the metric supports
   * @param level the confidence level, in (0, 1), e.g. 0.95
   * @return the interval, or empty when there is no analytic one (or it is undefined here, e.g.
   *     fewer than two rows)
   * @throws IllegalArgumentException when the outcomes do not suit the metric, as {@link
   *     #evaluate(Outcomes)}
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default Optional<AnalyticInterval> analyticInterval(Outcomes outcomes, double level) {
    return Optional.empty();
  }

  /**
   * A paired test of metric(model) − metric(baseline) on the same rows from a formula (no
   * resampling), or empty when the metric has none; empty by default. The pipeline warns that
   * the model is not significantly better than a baseline when the interval of the difference
   * reaches 0 on the wrong side.
   *
   * <pre>{@code
   * public Optional<PairedComparison> pairedComparison(Outcomes model, Outcomes baseline, double level) {
   *   double[] d = difference(perRowLoss(model), perRowLoss(baseline));
   *   double[] ci = tInterval(d, level);
   *   return Optional.of(new PairedComparison(ci[0], ci[1], pairedTPValue(d), "paired t test"));
   * }
   * }</pre>
   *
   * @param model the model's outcomes
   * @param baseline a baseline's outcomes on the same rows, in the same order
   * @param level the confidence level of the difference's interval, in (0, 1)
   * @return the test, or empty when there is no analytic one (or it is undefined here)
   * @throws IllegalArgumentException when the outcomes do not suit the metric
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  default Optional<PairedComparison> pairedComparison(Outcomes model, Outcomes baseline, double level) {
    return Optional.empty();
  }

  /**
   * A confidence interval computed from a formula, and how.
   *
   * <pre>{@code
   * new AnalyticInterval(0.071, 0.106, "Wilson score")
   * }</pre>
   *
   * @param lower the lower end
   * @param upper the upper end
   * @param method the formula, e.g. {@code "DeLong"}, {@code "Wilson score"}
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  record AnalyticInterval(double lower, double upper, String method) {
    /** Checks that the method is named and the ends are in order. */
    public AnalyticInterval {
      if (method == null) {
        throw new NullPointerException("AnalyticInterval: the method is null; name it, e.g. \"Wilson score\"");
      }
      if (lower > upper) {
        throw new IllegalArgumentException(
            "AnalyticInterval: lower end " + lower + " is above upper end " + upper + "; give the ends in order");
      }
    }
  }

  /**
   * A paired test of the difference metric(model) − metric(baseline): the difference's
   * interval, the two-sided p-value of "no difference", and the test's name.
   *
   * <pre>{@code
   * new PairedComparison(0.012, 0.048, 0.0011, "DeLong paired test")
   * }</pre>
   *
   * @param lower the lower end of the difference's interval
   * @param upper the upper end of the difference's interval
   * @param pValue the two-sided p-value of a zero difference
   * @param method the test, e.g. {@code "paired t test"}
   * @since 0.2
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2")
  record PairedComparison(double lower, double upper, double pValue, String method) {
    /** Checks that the method is named and the ends are in order. */
    public PairedComparison {
      if (method == null) {
        throw new NullPointerException("PairedComparison: the method is null; name it, e.g. \"paired t test\"");
      }
      if (lower > upper) {
        throw new IllegalArgumentException(
            "PairedComparison: lower end " + lower + " is above upper end " + upper + "; give the ends in order");
      }
    }
  }
}
