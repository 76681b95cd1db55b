package org.mlengine.serving;

/**
 * The formulas behind a {@link Monitor}'s drift figures, on bin shares and counts it already
 * holds: PSI and the Jensen–Shannon distance as Evidently computes them, the chi-square
 * goodness-of-fit p-value (regularized upper incomplete gamma) and the Kolmogorov distribution's
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

  /** P(χ²_dof ≥ x): the regularized upper incomplete gamma Q(dof/2, x/2). */
  static double chiSquareSurvival(double x, int dof) {
    if (dof <= 0 || Double.isNaN(x)) {
      return Double.NaN;
    }
    return x <= 0 ? 1 : upperGamma(dof / 2.0, x / 2);
  }

  /** Q(a, x) by its series below a + 1 and Lentz's continued fraction above (Numerical Recipes, §6.2). */
  private static double upperGamma(double a, double x) {
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
        term *= x / (a + n);
        sum += term;
      }
      return Math.max(0, 1 - sum * Math.exp(logPrefix));
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.min(1, Math.exp(logPrefix) * h);
  }

  /** ln Γ(a) for a &gt; 0 (Lanczos, g = 7, nine terms: about 15 digits). */
  static double logGamma(double a) {
    if (a < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
    }
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    double x = a - 1;
    double s = c[0];
    for (int i = 1; i < 9; i++) {
      s += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
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
