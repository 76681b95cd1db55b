package org.mlengine.eval;

import java.util.List;

/**
 * Precision and recall at each distinct score taken as the threshold, as scikit-learn 1.2's
 * {@code precision_recall_curve}: thresholds ascending, recall decreasing, and a last point
 * (precision 1, recall 0) that has no threshold.
 *
 * <pre>{@code
 * PrecisionRecallCurve pr = MetricFunctions.precisionRecallCurve(y, score);
 * pr.precision(); pr.recall(); pr.thresholds();   // precision and recall have one more entry
 * }</pre>
 *
 * @param precision precision at each threshold, then 1
 * @param recall recall at each threshold, then 0
 * @param thresholds the distinct scores, ascending
 */
public record PrecisionRecallCurve(
    List<Double> precision, List<Double> recall, List<Double> thresholds) {
  /**
   * Copies the lists into immutable ones.
   *
   * @throws IllegalArgumentException unless precision and recall have one entry more than
   *     thresholds
   */
  public PrecisionRecallCurve {
    precision = List.copyOf(precision);
    recall = List.copyOf(recall);
    thresholds = List.copyOf(thresholds);
    Check.argument(
        precision.size() == recall.size() && recall.size() == thresholds.size() + 1,
        "PrecisionRecallCurve: %d precisions, %d recalls and %d thresholds; expected "
            + "precision and recall to have one entry more than thresholds",
        precision.size(), recall.size(), thresholds.size());
  }
}
