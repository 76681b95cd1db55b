package org.mlengine.eval;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * SciPy 1.10's {@code mannwhitneyu(x, y, use_continuity=..., method=...)}: U₁ = R₁ −
 * n₁(n₁ + 1)/2 from average ranks; 'auto' is exact only when a sample has at most 8 rows and
 * there are no ties, else the normal approximation with the tie-corrected variance and, if
 * asked, the continuity correction. The exact null distribution of U is built as the
 * coefficients of the Gaussian binomial [n₁ + n₂ choose n₁]_q, normalized at every step. Inputs are checked by the
 * caller.
 */
final class MannWhitney {
  private MannWhitney() {}

  static TestResult test(
      double[] x, double[] y, Alternative alternative, PValueMethod method, boolean continuity) {
    int n1 = x.length;
    int n2 = y.length;
    double[] all = new double[n1 + n2];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, n2);
    Ranked ranked = rank(all);
    double r1 = Sums.sum(Arrays.copyOf(ranked.ranks(), n1));
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    double u2 = (double) n1 * n2 - u1;
    PValueMethod chosen = method;
    if (method == PValueMethod.AUTO) {
      chosen =
          (n1 > 8 && n2 > 8) || ranked.tieTerm() > 0 ? PValueMethod.ASYMPTOTIC : PValueMethod.EXACT;
    }
    double u;
    double factor;
    if (alternative == Alternative.GREATER) {
      u = u1;
      factor = 1.0;
    } else if (alternative == Alternative.LESS) {
      u = u2;
      factor = 1.0;
    } else {
      u = Math.max(u1, u2);
      factor = 2.0;
    }
    double p;
    if (chosen == PValueMethod.EXACT) {
      p = exactSf((long) u, n1, n2);
    } else {
      double mu = n1 * (double) n2 / 2;
      double n = n1 + n2;
      double s = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - ranked.tieTerm() / (n * (n - 1))));
      double z = (u - mu - (continuity ? 0.5 : 0.0)) / s;
      p = SpecialFunctions.normalSf(z);
    }
    p = Math.min(1.0, Math.max(0.0, p * factor));
    double cles = u1 / ((double) n1 * n2);
    return new TestResult(
        "mann_whitney_u",
        u1,
        p,
        OptionalDouble.empty(),
        Optional.of(new Effect("common_language_effect_size", cles, Double.NaN, Double.NaN)));
  }

  /** Average ranks (1-based) and the tie term Σ(t³ − t) over groups of equal values. */
  record Ranked(double[] ranks, double tieTerm) {}

  static Ranked rank(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Ties.compare(values[a], values[b]));
    double[] ranks = new double[n];
    double tie = 0.0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + 1 + j + 1) / 2.0;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      double t = j - i + 1;
      tie += t * t * t - t;
      i = j + 1;
    }
    return new Ranked(ranks, tie);
  }

  /**
   * P(U ≥ u) under the null, as SciPy: the CDF at m·n − u by symmetry, the probabilities summed
   * in order.
   */
  static double exactSf(long u, int m, int n) {
    int small = Math.min(m, n);
    int large = Math.max(m, n);
    int max = small * large;
    // pmf of U: coefficients of prod_{i=1..small} (1 - q^(large+i)) / (1 - q^i), normalized.
    double[] pmf = new double[max + 1];
    pmf[0] = 1.0;
    int degree = 0;
    for (int i = 1; i <= small; i++) {
      int shift = large + i;
      int newDegree = degree + large;
      for (int k = newDegree; k >= shift; k--) {
        pmf[k] -= pmf[k - shift];
      }
      for (int k = i; k <= newDegree; k++) {
        pmf[k] += pmf[k - i];
      }
      double scale = (double) i / (large + i);
      for (int k = 0; k <= newDegree; k++) {
        pmf[k] *= scale;
      }
      degree = newDegree;
    }
    long k = max - u;
    if (k < 0) {
      return 0.0;
    }
    double cdf = 0.0;
    for (int j = 0; j <= k && j <= max; j++) {
      cdf += pmf[j];
    }
    return cdf;
  }
}
