package org.mlengine.eval;

/**
 * The disagreement weights of Cohen's kappa, as scikit-learn's {@code weights=}. The distance
 * between two labels is the distance between their <em>positions</em> in the label list (sorted,
 * or as given), not between their values: labels {1, 5, 9} weigh like {0, 1, 2}.
 *
 * <pre>{@code
 * Metrics.cohenKappa(KappaWeights.QUADRATIC);                          // a pipeline metric
 * MetricFunctions.cohenKappa(rater1, rater2, KappaOptions.quadratic()); // on arrays
 * }</pre>
 */
public enum KappaWeights {
  /** 0 on the diagonal, 1 elsewhere: plain kappa, (pₒ − pₑ)/(1 − pₑ). */
  NONE,
  /** |i − j|. */
  LINEAR,
  /** (i − j)². */
  QUADRATIC
}
