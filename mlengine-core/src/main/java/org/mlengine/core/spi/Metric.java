package org.mlengine.core.spi;

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
}
