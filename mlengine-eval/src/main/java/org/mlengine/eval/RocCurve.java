package org.mlengine.eval;

import java.util.List;

/**
 * The ROC curve of a binary score, as scikit-learn 1.2's {@code roc_curve}: false and true
 * positive rates at each distinct score taken as the threshold, descending, after a first point
 * (0, 0) whose threshold is the highest score + 1.
 *
 * <pre>{@code
 * RocCurve roc = MetricFunctions.rocCurve(y, score);
 * roc.fpr(); roc.tpr(); roc.thresholds();
 * roc.auc();   // trapezoidal area, = MetricFunctions.rocAuc(y, score)
 * }</pre>
 *
 * @param fpr false positive rate at each threshold, non-decreasing from 0 to 1
 * @param tpr true positive rate at each threshold, non-decreasing from 0 to 1
 * @param thresholds the thresholds, decreasing; a row is positive when score ≥ threshold
 */
public record RocCurve(List<Double> fpr, List<Double> tpr, List<Double> thresholds) {
  /**
   * Copies the lists into immutable ones.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public RocCurve {
    fpr = List.copyOf(fpr);
    tpr = List.copyOf(tpr);
    thresholds = List.copyOf(thresholds);
    Check.argument(
        fpr.size() == tpr.size() && tpr.size() == thresholds.size(),
        "RocCurve: %d fpr, %d tpr and %d thresholds; expected one of each per point",
        fpr.size(), tpr.size(), thresholds.size());
  }

  /**
   * The area under the curve by the trapezoidal rule, as {@code sklearn.metrics.auc(fpr, tpr)}.
   *
   * @return a value in [0, 1]
   */
  public double auc() {
    return Curves.trapezoid(Lists.toArray(fpr), Lists.toArray(tpr));
  }
}
