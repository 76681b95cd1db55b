package org.mlengine.eval;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongToDoubleFunction;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Fisher's exact test on a 2×2 table, as SciPy 1.10's {@code fisher_exact}: the statistic is
 * the sample odds ratio (a·d)/(b·c) (infinite when b·c = 0); the p-value sums hypergeometric
 * probabilities of the tables with the observed margins — one tail for LESS and GREATER; for
 * TWO_SIDED every table no more likely than the observed one (relative tolerance 1e-14, SciPy's
 * {@code gamma}), found by the same binary search on the far side of the mode.
 *
 * <p>Each probability is computed on its own, as SciPy does through Boost, but in Loader's
 * saddle-point form (R's {@code dhyper}): three binomial probabilities from Stirling's
 * correction and the deviance {@code bd0}, so that nothing cancels and no factorial overflows,
 * whatever the counts. It agrees with 40-digit values to about 1e-13 at supports of 2e8, where
 * Boost's Lanczos form, and so SciPy, is off by 3e-8. A tail is summed from its inner end
 * outwards with the ratio of neighbouring terms until the terms no longer change the sum
 * (Boost's {@code hypergeometric_cdf}); the tail that holds the mode is one minus the other. No
 * array over the support: the cost is that of about 9 standard deviations of the law, a few
 * thousand terms for counts in the millions. Inputs are checked by the caller, the margins
 * included.
 */
final class Fisher {
  private static final double GAMMA = 1 + 1e-14;

  private Fisher() {}

  static TestResult test(long[][] t, Alternative alternative) {
    long a = t[0][0];
    long b = t[0][1];
    long c = t[1][0];
    long d = t[1][1];
    // In double from the start: a·d and b·c overflow a long for counts above about 3e9.
    double oddsRatio =
        c > 0 && b > 0 ? ((double) a * d) / ((double) b * c) : Double.POSITIVE_INFINITY;
    long n1 = a + b;
    long n2 = c + d;
    long n = a + c;
    long total = n1 + n2;
    double p;
    switch (alternative) {
      case LESS:
        p = new Law(total, n1, n).cdf(a);
        break;
      case GREATER:
        p = new Law(total, n1, b + d).cdf(b);
        break;
      default:
        p = twoSided(new Law(total, n1, n), a, n);
    }
    return new TestResult(
        "fisher_exact", oddsRatio, Math.min(p, 1.0), OptionalDouble.empty(), Optional.empty());
  }

  private static double twoSided(Law law, long a, long n) {
    long mode = law.mode;
    double exact = law.pmf(a);
    double atMode = law.pmf(mode);
    if (Math.abs(exact - atMode) / Math.max(exact, atMode) <= 1e-14) {
      return 1.0;
    }
    if (a < mode) {
      double lower = law.cdf(a);
      if (law.pmf(n) > exact * GAMMA) {
        return lower;
      }
      long guess = search(x -> -law.pmf(x), -exact * GAMMA, mode, n);
      return lower + law.sf(guess);
    }
    double upper = law.sf(a - 1);
    if (law.pmf(0) > exact * GAMMA) {
      return upper;
    }
    long guess = search(law::pmf, exact * GAMMA, 0, mode);
    return upper + law.cdf(guess);
  }

  /** SciPy's {@code _binary_search_for_binom_tst}: the i in [lo, hi], f(i) ≤ d &lt; f(i + 1). */
  private static long search(LongToDoubleFunction f, double d, long lo, long hi) {
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      double v = f.applyAsDouble(mid);
      if (v < d) {
        lo = mid + 1;
      } else if (v > d) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return f.applyAsDouble(lo) <= d ? lo : lo - 1;
  }

  /**
   * The hypergeometric law: successes in {@code draws} draws without replacement from {@code
   * total} items of which {@code good} are successes. Holds only its parameters.
   */
  private static final class Law {
    private final long total;
    private final long good;
    private final long draws;
    private final long low;
    private final long high;
    /** ⌊(draws + 1)(good + 1)/(total + 2)⌋, in the support: SciPy's and Boost's mode. */
    final long mode;

    Law(long total, long good, long draws) {
      this.total = total;
      this.good = good;
      this.draws = draws;
      low = Math.max(0, draws - (total - good));
      high = Math.min(draws, good);
      // In double, as SciPy: (draws + 1)(good + 1) overflows a long for large margins.
      long m = (long) ((draws + 1.0) * (good + 1.0) / (total + 2.0));
      mode = Math.max(low, Math.min(high, m));
    }

    /** P(X = x): Loader's form of C(good, x)·C(total − good, draws − x)/C(total, draws). */
    double pmf(long x) {
      if (x < low || x > high) {
        return 0.0;
      }
      if (draws == 0 || draws == total) {
        return 1.0;
      }
      double p = (double) draws / total;
      double q = (double) (total - draws) / total;
      return Math.exp(
          lnBinomial(x, good, p, q)
              + lnBinomial(draws - x, total - good, p, q)
              - lnBinomial(draws, total, p, q));
    }

    /** P(X ≤ x). */
    double cdf(long x) {
      if (x < low) {
        return 0.0;
      }
      if (x >= high) {
        return 1.0;
      }
      return x < mode ? lowerTail(x) : 1.0 - upperTail(x + 1);
    }

    /** P(X &gt; x). */
    double sf(long x) {
      if (x < low) {
        return 1.0;
      }
      if (x >= high) {
        return 0.0;
      }
      return x < mode ? 1.0 - lowerTail(x) : upperTail(x + 1);
    }

    /** P(X ≤ x) for x in [low, mode): from x down until the terms no longer count. */
    private double lowerTail(long x) {
      double term = pmf(x);
      double sum = term;
      long bad = total - good;
      for (long k = x; k > low && term > sum * 0x1p-53; k--) {
        // P(k − 1)/P(k) = k·(bad − draws + k) / ((good − k + 1)·(draws − k + 1))
        term *= ((double) k * (bad - draws + k)) / ((double) (good - k + 1) * (draws - k + 1));
        sum += term;
      }
      return Math.min(1.0, sum);
    }

    /** P(X ≥ x) for x in (mode, high]: from x up until the terms no longer count. */
    private double upperTail(long x) {
      double term = pmf(x);
      double sum = term;
      long bad = total - good;
      for (long k = x; k < high && term > sum * 0x1p-53; k++) {
        // P(k + 1)/P(k) = (good − k)·(draws − k) / ((k + 1)·(bad − draws + k + 1))
        term *= ((double) (good - k) * (draws - k)) / ((double) (k + 1) * (bad - draws + k + 1));
        sum += term;
      }
      return Math.min(1.0, sum);
    }
  }

  /**
   * ln of the binomial probability of x successes in n trials of probability p (q = 1 − p given
   * separately), 0 ≤ x ≤ n, 0 &lt; p &lt; 1: Loader (2000), as R's {@code dbinom_raw}.
   */
  private static double lnBinomial(long x, long n, double p, double q) {
    if (x == 0) {
      return p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
    }
    if (x == n) {
      return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
    }
    double lc =
        stirlingError(n) - stirlingError(x) - stirlingError(n - x)
            - deviance(x, n * p) - deviance(n - x, n * q);
    double lf = 2 * SpecialFunctions.LN_SQRT_2PI + Math.log(x) + Math.log1p(-(double) x / n);
    return lc - 0.5 * lf;
  }

  /** ln n! − [(n + ½) ln n − n + ½ ln 2π], n ≥ 1. */
  private static double stirlingError(long n) {
    if (n >= 10) {
      return SpecialFunctions.stirlingCorrection(n);
    }
    return SpecialFunctions.lnGamma(n + 1.0) - (n + 0.5) * Math.log(n) + n - SpecialFunctions.LN_SQRT_2PI;
  }

  /** x·ln(x/m) + m − x, the deviance term, without cancellation when x is close to m. */
  private static double deviance(double x, double m) {
    if (Math.abs(x - m) < 0.1 * (x + m)) {
      double v = (x - m) / (x + m);
      double s = (x - m) * v;
      if (Math.abs(s) < Double.MIN_NORMAL) {
        return s;
      }
      double ej = 2 * x * v;
      v *= v;
      for (int j = 1; j < 1000; j++) {
        ej *= v;
        double next = s + ej / (2 * j + 1);
        if (next == s) {
          return next;
        }
        s = next;
      }
      return s;
    }
    return x * Math.log(x / m) + m - x;
  }
}
