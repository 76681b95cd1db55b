package org.mlengine.eval;

import java.util.List;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/**
 * A decision threshold for a binary classifier, chosen on validation outcomes by {@link
 * Business#chooseThreshold}: a row is predicted {@code positiveClass} when its probability of
 * that class is at least {@code threshold}, and the other class otherwise.
 *
 * <pre>{@code
 * Threshold t = Business.chooseThreshold(result, cost);     // tuned on the validation part
 * double onTest = t.evaluate(cost, result.testOutcomes());  // reported once, on the test part
 * }</pre>
 *
 * @param threshold the cut on P(positive), in [0, 1]; positive when P(positive) ≥ threshold
 * @param positiveClass the positive class, the second of the outcomes' two classes
 * @param objective the name of the metric the threshold was chosen for
 * @param validationValue the objective's value on the validation outcomes at this threshold
 * @since 0.1
 */
public record Threshold(
    double threshold, String positiveClass, String objective, double validationValue) {
  private static final String APPLY = "Threshold.apply";

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if threshold is outside [0, 1] or a name is null
   */
  public Threshold {
    Check.unitInterval(
        "Threshold", "threshold", threshold, "a cut on the probability of the positive class");
    Check.notNull(positiveClass, "Threshold", "positiveClass", "the label of the positive class");
    Check.notNull(objective, "Threshold", "objective", "the name of the metric it was chosen for");
  }

  /**
   * The outcomes with the thresholded decision in place of the probabilities: each row's
   * probabilities become 1 for the class chosen under this threshold and 0 for the other, so
   * {@link Outcomes#predictedClasses()} and every metric of predicted classes (accuracy,
   * precision, recall, F1, a cost matrix) see the thresholded predictions. Metrics of
   * probabilities (ROC AUC, log loss) then score these hard decisions; evaluate them on the
   * original outcomes instead.
   *
   * @param outcomes binary classification outcomes with {@code positiveClass} second
   * @return the thresholded outcomes, same rows and true classes
   * @throws IllegalArgumentException if the outcomes are null, not binary classification, or
   *     their second class is not {@code positiveClass}
   */
  public Outcomes apply(Outcomes outcomes) {
    Check.notNull(outcomes, APPLY, "outcomes", "binary classification Outcomes");
    Check.argument(
        outcomes.task() == Task.CLASSIFICATION,
        "%s: the outcomes are %s; expected binary CLASSIFICATION outcomes — a threshold cuts a "
            + "class probability",
        APPLY, outcomes.task());
    List<String> classes = outcomes.classes();
    Check.argument(
        classes.size() == 2 && classes.get(1).equals(positiveClass),
        "%s: the outcomes have classes %s; expected two classes with '%s' second, as on the "
            + "validation part the threshold was chosen on",
        APPLY, classes, positiveClass);
    double[] p = outcomes.probabilities(1);
    double[][] hard = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      hard[i] = p[i] >= threshold ? new double[] {0.0, 1.0} : new double[] {1.0, 0.0};
    }
    return Outcomes.classification(classes, outcomes.trueClasses(), hard);
  }

  /**
   * A metric of the thresholded predictions on other outcomes, {@code
   * metric.evaluate(apply(outcomes))}: e.g. the objective on the test part, once, for the
   * report.
   *
   * @param metric any classification metric
   * @param outcomes binary classification outcomes with {@code positiveClass} second
   * @return the metric's value under this threshold
   * @throws IllegalArgumentException as {@link #apply(Outcomes)}, or if metric is null
   */
  public double evaluate(Metric metric, Outcomes outcomes) {
    Check.notNull(metric, "Threshold.evaluate", "metric", "a Metric such as Metrics.f1(Average.BINARY)");
    return metric.evaluate(apply(outcomes));
  }
}
