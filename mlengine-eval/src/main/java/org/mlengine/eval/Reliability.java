package org.mlengine.eval;

/**
 * scikit-learn 1.2's {@code calibration_curve}: bin edges {@code linspace(0, 1, n + 1)} or the
 * percentiles of p at {@code linspace(0, 1, n + 1)·100}; a prediction's bin is
 * {@code searchsorted(edges[1:-1], p, side='left')}; per non-empty bin the mean label and the
 * mean probability (sums in row order, as {@code np.bincount}). Inputs are checked by the
 * caller.
 */
final class Reliability {
  private Reliability() {}

  static ReliabilityCurve curve(int[] y, double[] p, int bins, Binning binning) {
    double[] edges = new double[bins + 1];
    double step = 1.0 / bins;
    double[] sorted = binning == Binning.QUANTILE ? Quantiles.sorted(p) : null;
    for (int i = 0; i <= bins; i++) {
      double q = i == bins ? 1.0 : i * step; // np.linspace
      edges[i] = binning == Binning.QUANTILE ? Quantiles.linear(sorted, q * 100 / 100) : q;
    }
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    long[] total = new long[bins];
    for (int i = 0; i < p.length; i++) {
      int id = 0; // number of inner edges strictly below p
      while (id < bins - 1 && edges[id + 1] < p[i]) {
        id++;
      }
      sumP[id] += p[i];
      sumY[id] += y[i];
      total[id]++;
    }
    int nonEmpty = 0;
    for (long t : total) {
      if (t > 0) {
        nonEmpty++;
      }
    }
    double[] probTrue = new double[nonEmpty];
    double[] probPred = new double[nonEmpty];
    long[] counts = new long[nonEmpty];
    int j = 0;
    for (int b = 0; b < bins; b++) {
      if (total[b] > 0) {
        probTrue[j] = sumY[b] / total[b];
        probPred[j] = sumP[b] / total[b];
        counts[j] = total[b];
        j++;
      }
    }
    return new ReliabilityCurve(Lists.of(probTrue), Lists.of(probPred), Lists.ofLongs(counts));
  }

  /** Σ over non-empty bins of (bin count / n)·|share of positives − mean probability|. */
  static double expectedCalibrationError(ReliabilityCurve curve, int n) {
    double[] terms = new double[curve.counts().size()];
    for (int b = 0; b < terms.length; b++) {
      terms[b] =
          curve.counts().get(b) * Math.abs(curve.probTrue().get(b) - curve.probPred().get(b));
    }
    return Sums.sum(terms) / n;
  }
}
