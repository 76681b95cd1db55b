package org.mlengine.eval;

import java.util.List;

/**
 * Precision, recall, F-beta and support per class, as scikit-learn's
 * {@code precision_recall_fscore_support(average=None)}; entry i belongs to
 * {@code labels().get(i)}.
 *
 * <pre>{@code
 * ClassScores s = MetricFunctions.classScores(yTrue, yPred, 2.0);
 * s.fBeta();    // per-class F2
 * s.support();  // true rows per class
 * }</pre>
 *
 * @param labels the labels scored
 * @param precision tp / (tp + fp) per label
 * @param recall tp / (tp + fn) per label
 * @param fBeta (1 + β²)·P·R / (β²·P + R) per label
 * @param support the number of rows whose true label it is
 */
public record ClassScores(
    List<Integer> labels,
    List<Double> precision,
    List<Double> recall,
    List<Double> fBeta,
    List<Long> support) {
  /**
   * Copies the lists into immutable ones.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public ClassScores {
    labels = List.copyOf(labels);
    precision = List.copyOf(precision);
    recall = List.copyOf(recall);
    fBeta = List.copyOf(fBeta);
    support = List.copyOf(support);
    int n = labels.size();
    Check.argument(
        precision.size() == n && recall.size() == n && fBeta.size() == n && support.size() == n,
        "ClassScores: %d labels but %d precisions, %d recalls, %d F-betas and %d supports; "
            + "expected one of each per label",
        n, precision.size(), recall.size(), fBeta.size(), support.size());
  }
}
