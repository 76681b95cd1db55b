package org.mlengine.eval;

/**
 * How per-class scores are combined into one, as scikit-learn's {@code average=} parameter.
 *
 * <pre>{@code
 * Metrics.f1(Average.MACRO);                              // the "f1_macro" pipeline metric
 * MetricFunctions.rocAucOvr(y, proba, Average.WEIGHTED);  // roc_auc_score(multi_class="ovr", average="weighted")
 * ClassAveraging.of(Average.MACRO);                       // the same as ClassAveraging.macro()
 * }</pre>
 */
public enum Average {
  /** Only the positive class (label 1) of a binary problem; sklearn's default for P/R/F. */
  BINARY,
  /** Pool the counts (true positives, false positives, false negatives) over classes first. */
  MICRO,
  /** The unweighted mean of the per-class scores. */
  MACRO,
  /** The mean of the per-class scores weighted by each class's true support. */
  WEIGHTED;

  /** sklearn's spelling: {@code "binary"}, {@code "micro"}, {@code "macro"}, {@code "weighted"}. */
  String sklearnName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
