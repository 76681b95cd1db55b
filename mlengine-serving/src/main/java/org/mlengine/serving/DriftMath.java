package org.mlengine.serving;

import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * The formulas behind a {@link Monitor}'s drift figures, on bin shares and counts it already
 * holds: PSI and the Jensen–Shannon distance as Evidently computes them, the chi-square
 * goodness-of-fit p-value (through {@link SpecialFunctions}) and the Kolmogorov distribution's
 * tail (the asymptotic KS p-value). Tests check them against mlengine-eval's {@code Drift}.
 */
final class DriftMath {
  private DriftMath() {}

  /** Σ (r − c)·ln(r/c) over shares, empty bins filled as Evidently does (0.0001, or the smallest share / 10⁶). */
  static double psi(double[] reference, double[] current) {
    double[] r = fillZeros(reference);
    double[] c = fillZeros(current);
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
    }
    return sum;
  }

  private static double[] fillZeros(double[] shares) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s > 0) {
        smallest = Math.min(smallest, s);
      }
    }
    double fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
    double[] out = shares.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        out[i] = fill;
      }
    }
    return out;
  }

  /** SciPy's {@code jensenshannon(p, q)} (natural logarithm) of two share vectors, each normalized to sum 1. */
  static double jensenShannon(double[] reference, double[] current) {
    double rs = sum(reference);
    double cs = sum(current);
    double js = 0;
    for (int i = 0; i < reference.length; i++) {
      double p = reference[i] / rs;
      double q = current[i] / cs;
      double m = (p + q) / 2;
      js += (p > 0 ? p * Math.log(p / m) : 0) + (q > 0 ? q * Math.log(q / m) : 0);
    }
    return Math.sqrt(Math.max(0, js / 2));
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** Pearson's χ² of observed counts against expected shares of their total; bins with expected share 0 are left out. */
  static double chiSquare(double[] expectedShares, double[] observed) {
    double n = 0;
    for (int i = 0; i < observed.length; i++) {
      n += expectedShares[i] > 0 ? observed[i] : 0;
    }
    double total = sum(expectedShares);
    double chi = 0;
    for (int i = 0; i < observed.length; i++) {
      if (expectedShares[i] > 0) {
        double e = n * expectedShares[i] / total;
        chi += (observed[i] - e) * (observed[i] - e) / e;
      }
    }
    return chi;
  }

  /** The bins {@link #chiSquare} uses: those with a positive expected share. */
  static int chiSquareBins(double[] expectedShares) {
    int k = 0;
    for (double s : expectedShares) {
      k += s > 0 ? 1 : 0;
    }
    return k;
  }

  /** P(χ²_dof ≥ x), computed by {@link SpecialFunctions#chiSquareSf} (the upper incomplete gamma directly, no 1 − P cancellation). */
  static double chiSquareSurvival(double x, int dof) {
    if (dof <= 0 || Double.isNaN(x)) {
      return Double.NaN;
    }
    return SpecialFunctions.chiSquareSf(x, dof);
  }

  /**
   * The Kolmogorov distribution's tail P(K ≥ λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²): the asymptotic
   * p-value of a KS distance D between samples of effective size n at λ = √n·D (SciPy's
   * {@code kstwobign.sf}).
   */
  static double kolmogorovSurvival(double lambda) {
    if (lambda <= 0) {
      return 1;
    }
    if (lambda < 0.2) {
      return 1;   // the series converges slowly here and the tail is 1 to 15 digits
    }
    double sum = 0;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * lambda * lambda);
      sum += (k % 2 == 1 ? term : -term);
      if (term < 1e-18) {
        break;
      }
    }
    return Math.max(0, Math.min(1, 2 * sum));
  }
}
