package org.mlengine.serving;

import java.util.Locale;
import java.util.Objects;

/**
 * One metric of a live model on the requests whose labels came back, with a confidence interval:
 * accuracy (Wilson score interval), log loss and Brier score (Student t intervals of the
 * per-request values), MAE and RMSE for regression (Student t, RMSE's from the squared errors,
 * square-rooted), and the share of its answers users reported as wrong (Wilson).
 *
 * <pre>{@code
 * for (OnlineMetric m : feedback.metrics("champion")) {
 *   System.out.println(m);   // accuracy of champion 0.8120 [0.7860, 0.8356] on 1000 requests (95%)
 * }
 * }</pre>
 *
 * @param model the deployment's name for the model
 * @param metric {@code accuracy}, {@code log_loss}, {@code brier_score}, {@code mae}, {@code rmse}
 *     or {@code reported_share}
 * @param requests how many requests the value is over
 * @param value the metric's value
 * @param lower the interval's lower end (NaN with fewer than 2 requests)
 * @param upper the interval's upper end (NaN with fewer than 2 requests)
 * @param confidence the interval's coverage, e.g. 0.95
 */
public record OnlineMetric(String model, String metric, long requests, double value, double lower, double upper,
    double confidence) {

  /** Checks the names. */
  public OnlineMetric {
    Objects.requireNonNull(model, "the model is null; pass the deployment's name for it, e.g. \"champion\"");
    Objects.requireNonNull(metric, "the metric is null; pass its name, e.g. \"accuracy\"");
  }

  /**
   * How the interval was computed: {@code wilson} (the Wilson score interval of a share: accuracy,
   * reported_share) or {@code student_t} (a Student t interval of the per-request values' mean).
   */
  public String method() {
    return metric.equals("accuracy") || metric.equals("reported_share") ? "wilson" : "student_t";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s of %s %.4f [%.4f, %.4f] on %d requests (%.0f%%)", metric, model, value, lower,
        upper, requests, confidence * 100);
  }
}
