package org.mlengine.eval;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongToDoubleFunction;

/**
 * Fisher's exact test on a 2×2 table, as SciPy 1.10's {@code fisher_exact}: the statistic is
 * the sample odds ratio (a·d)/(b·c) (infinite when b·c = 0); the p-value sums hypergeometric
 * probabilities of the tables with the observed margins — one tail for LESS and GREATER; for
 * TWO_SIDED every table no more likely than the observed one (relative tolerance 1e-14, SciPy's
 * {@code gamma}), found by the same binary search on the far side of the mode. The
 * probabilities come from the ratio recurrence of neighbouring terms, normalized over the
 * support, so no factorial overflows. Inputs are checked by the caller.
 */
final class Fisher {
  private static final double GAMMA = 1 + 1e-14;

  private Fisher() {}

  static TestResult test(long[][] t, Alternative alternative) {
    long a = t[0][0];
    long b = t[0][1];
    long c = t[1][0];
    long d = t[1][1];
    double oddsRatio =
        c > 0 && b > 0 ? (double) (a * d) / (double) (c * b) : Double.POSITIVE_INFINITY;
    long n1 = a + b;
    long n2 = c + d;
    long n = a + c;
    double p;
    switch (alternative) {
      case LESS:
        p = new Law(n1 + n2, n1, n).cdf(a);
        break;
      case GREATER:
        p = new Law(n1 + n2, n1, b + d).cdf(b);
        break;
      default:
        p = twoSided(new Law(n1 + n2, n1, n), a, n, n1, n2);
    }
    return new TestResult(
        "fisher_exact", oddsRatio, Math.min(p, 1.0), OptionalDouble.empty(), Optional.empty());
  }

  private static double twoSided(Law law, long a, long n, long n1, long n2) {
    long mode = (long) ((double) (n + 1) * (n1 + 1) / (n1 + n2 + 2));
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
   * total} items of which {@code good} are successes.
   */
  private static final class Law {
    private final long low;
    private final double[] pmf;

    Law(long total, long good, long draws) {
      low = Math.max(0, draws - (total - good));
      long high = Math.min(draws, good);
      int size = (int) (high - low + 1);
      double[] terms = new double[size];
      int mode = (int) ((double) (draws + 1) * (good + 1) / (total + 2) - low);
      mode = Math.max(0, Math.min(size - 1, mode));
      terms[mode] = 1.0;
      for (int i = mode; i + 1 < size; i++) {
        long x = low + i;
        terms[i + 1] =
            terms[i] * ((double) (good - x) * (draws - x))
                / ((double) (x + 1) * (total - good - draws + x + 1));
      }
      for (int i = mode; i > 0; i--) {
        long x = low + i;
        terms[i - 1] =
            terms[i] * ((double) x * (total - good - draws + x))
                / ((double) (good - x + 1) * (draws - x + 1));
      }
      double sum = Sums.sum(terms);
      pmf = new double[size];
      for (int i = 0; i < size; i++) {
        pmf[i] = terms[i] / sum;
      }
    }

    double pmf(long x) {
      long i = x - low;
      return i < 0 || i >= pmf.length ? 0.0 : pmf[(int) i];
    }

    /** P(X ≤ x), summed from the lower end. */
    double cdf(long x) {
      double s = 0.0;
      for (long i = 0; i <= x - low && i < pmf.length; i++) {
        s += pmf[(int) i];
      }
      return Math.min(1.0, s);
    }

    /** P(X &gt; x), summed from the upper end. */
    double sf(long x) {
      double s = 0.0;
      for (long i = pmf.length - 1; i > x - low && i >= 0; i--) {
        s += pmf[(int) i];
      }
      return Math.min(1.0, s);
    }
  }
}
