package org.mlengine.eval;

import java.util.Arrays;

/**
 * Sample weights as scikit-learn 1.2 uses them: {@code np.average(values, weights=w)} for the
 * means, the weighted lower percentile ({@code _weighted_percentile}) for the median, and the
 * checks every weighted metric shares. A null array means unit weights throughout.
 * Package-private engine.
 */
final class Weights {
  private Weights() {}

  /**
   * The weights given to {@link WeightedMetricFunctions}: finite, at least 0, with a positive
   * and finite total; the length is checked per call, against the rows it scores.
   */
  static void checkValues(String metric, double[] w) {
    for (int i = 0; i < w.length; i++) {
      Check.argument(
          Double.isFinite(w[i]) && w[i] >= 0.0,
          "%s: sampleWeight[%d] is %s; expected a finite weight >= 0 for every row — give every "
              + "row a non-negative weight (0 leaves the row out)",
          metric, i, w[i]);
    }
    double total = Sums.sum(w);
    Check.argument(
        total > 0.0,
        "%s: every sampleWeight is 0, so the weighted mean divides by 0; expected a positive "
            + "total weight — give some rows a weight above 0",
        metric);
    Check.argument(
        Double.isFinite(total),
        "%s: the sampleWeight values sum to %s, beyond the largest double; expected a finite "
            + "total — scale the weights down (only their ratios matter)",
        metric, total);
  }

  /** One weight per scored row (or per query, for the ranking metrics). */
  static void checkLength(String metric, double[] w, int rows, String unit) {
    if (w != null) {
      String units = unit.equals("query") ? "queries" : unit + "s";
      Check.argument(
          w.length == rows,
          "%s: sampleWeight has %d weights but there are %d %s; expected one weight per %s — "
              + "pass the weights of the same %s, in the same order",
          metric, w.length, rows, units, unit, units);
    }
  }

  /** {@code np.average(values, weights=w)}: Σ v·w / Σ w, sums pairwise; w null: the mean. */
  static double mean(double[] values, double[] w) {
    if (w == null) {
      return Sums.mean(values);
    }
    return RocAuc.weightedMean(values, w);
  }

  /**
   * sklearn's {@code _weighted_percentile(values, w, 50)}: sort the values, cumulate the weights
   * in that order, and return the first value whose cumulative weight reaches half the total
   * (the lower weighted median; no interpolation).
   */
  static double lowerMedian(double[] values, double[] w) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Ties.compare(values[a], values[b]));
    double[] cdf = new double[values.length];
    double acc = 0.0;
    for (int i = 0; i < order.length; i++) {
      acc += w[order[i]];
      cdf[i] = acc;
    }
    double half = 50 / 100.0 * cdf[cdf.length - 1];
    if (half == 0.0) {
      half = Math.nextUp(half);
    }
    int idx = 0;
    while (idx < cdf.length && cdf[idx] < half) {
      idx++;
    }
    return values[order[Math.min(idx, cdf.length - 1)]];
  }
}
