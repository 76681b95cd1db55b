package org.mlengine.eval;

import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/**
 * A {@link Metric} for one task: checks that the outcomes are of that task and not empty, then
 * hands them to its body. Immutable; one shared instance per metric.
 */
final class OutcomeMetric implements Metric {
  private final String name;
  private final Task task;
  private final boolean greaterIsBetter;
  private final boolean proportion;
  private final ToDoubleFunction<Outcomes> body;
  private final Analytic analytic;

  /** A metric where higher is better (a score). */
  OutcomeMetric(String name, Task task, ToDoubleFunction<Outcomes> body) {
    this(name, task, true, body);
  }

  /** A metric that is a score ({@code greaterIsBetter}) or a loss. */
  OutcomeMetric(String name, Task task, boolean greaterIsBetter, ToDoubleFunction<Outcomes> body) {
    this(name, task, greaterIsBetter, false, body);
  }

  /**
   * A metric that may be a proportion: the share of the outcomes' rows that pass a per-row 0/1
   * test (accuracy, ACPER), so that value × size() counts successes out of size() trials.
   */
  OutcomeMetric(
      String name,
      Task task,
      boolean greaterIsBetter,
      boolean proportion,
      ToDoubleFunction<Outcomes> body) {
    this(name, task, greaterIsBetter, proportion, body, null);
  }

  /**
   * A metric with a closed-form interval and paired test ({@code analytic}; null for none: then
   * a proportion still gets the Wilson interval of round(value × size()) successes).
   */
  OutcomeMetric(
      String name,
      Task task,
      boolean greaterIsBetter,
      boolean proportion,
      ToDoubleFunction<Outcomes> body,
      Analytic analytic) {
    this.name = name;
    this.task = task;
    this.greaterIsBetter = greaterIsBetter;
    this.proportion = proportion;
    this.body = body;
    this.analytic = analytic;
  }

  /**
   * Whether the value is a share of rows (successes / outcomes.size()), for which {@link
   * Bounds#wilson()} and {@link Bounds#clopperPearson()} give exact-count intervals. False for
   * means of per-class rates (balanced accuracy) and for everything else.
   */
  boolean proportion() {
    return proportion;
  }

  /** Whether a higher value is better: false for losses and errors. */
  @Override
  public boolean greaterIsBetter() {
    return greaterIsBetter;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(Task candidate) {
    return task == candidate;
  }

  @Override
  public double evaluate(Outcomes outcomes) {
    check(outcomes);
    return body.applyAsDouble(outcomes);
  }

  @Override
  public Optional<AnalyticInterval> analyticInterval(Outcomes outcomes, double level) {
    check(outcomes);
    if (analytic != null) {
      return analytic.interval(outcomes, level);
    }
    if (!proportion || outcomes.size() < 2) {
      return Optional.empty();
    }
    Interval i = Bounds.wilson(Math.round(evaluate(outcomes) * outcomes.size()), outcomes.size(), level);
    return Optional.of(new AnalyticInterval(i.lower(), i.upper(), "Wilson score"));
  }

  @Override
  public Optional<PairedComparison> pairedComparison(Outcomes model, Outcomes baseline, double level) {
    check(model);
    check(baseline);
    return analytic == null ? Optional.empty() : analytic.paired(model, baseline, level);
  }

  /** Not null, of the metric's task, not empty. */
  private void check(Outcomes outcomes) {
    Check.notNull(outcomes, name, "outcomes", "the held-out Outcomes to evaluate");
    Check.argument(
        outcomes.task() == task,
        "%s is a %s metric but the outcomes are %s; expected %s outcomes — %s",
        name,
        task.name().toLowerCase(Locale.ROOT),
        outcomes.task(),
        task,
        task == Task.REGRESSION
            ? "use Metrics.accuracy(), Metrics.rocAuc() or Metrics.logLoss() for a classifier"
            : "use Metrics.rmse() or Metrics.mae() for a regressor");
    Check.notEmpty(name, outcomes.size());
  }

  @Override
  public String toString() {
    return name;
  }
}
