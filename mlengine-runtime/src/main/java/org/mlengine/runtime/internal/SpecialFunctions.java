package org.mlengine.runtime.internal;

import org.apiguardian.api.API;

/**
 * Special functions for p-values and intervals, shared by mlengine-eval (its tests, bounds and
 * bandits) and mlengine-serving (the feedback's intervals and tests, the monitor's chi-square),
 * which may not depend on eval: log-gamma, the regularized incomplete gamma and beta functions,
 * and the normal, chi-square, Student t and beta distributions with their quantiles. No tables
 * of fitted coefficients: series, continued fractions (modified Lentz) and Stirling's series with
 * exact Bernoulli coefficients, then Newton steps safeguarded by bisection for the quantiles.
 * Relative accuracy is about 1e-15 in the ranges the tests cover (eval's {@code SpecialTest},
 * serving's {@code FeedbackProperties}, against SciPy 1.10.1), and 1e-13 or better for shape
 * parameters in the thousands. Not API: mlengine's own modules only.
 *
 * <pre>{@code
 * double p = SpecialFunctions.chiSquareSf(3.84, 1);            // 0.0500..., scipy.stats.chi2.sf
 * double z = SpecialFunctions.normalQuantile(0.975);           // 1.959963984540054
 * double t = SpecialFunctions.studentTQuantile(0.975, 11);     // 2.200985160082949
 * }</pre>
 *
 * <p>Arguments are checked by the callers; the functions assume them in range.
 */
@API(status = API.Status.INTERNAL, consumers = "org.mlengine")
public final class SpecialFunctions {
  /** ½·ln(2π). */
  public static final double LN_SQRT_2PI = 0.9189385332046727418;
  /** √(2π). */
  public static final double SQRT_2PI = 2.5066282746310005024;
  /** ln √π = ln Γ(½). */
  private static final double LN_SQRT_PI = 0.5723649429247000870;

  private static final double EPSILON = 0x1p-53;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 100_000;

  /** (k−1)! for k = 1..23, all exact in a double. */
  private static final double[] FACTORIALS = new double[23];

  static {
    FACTORIALS[0] = 1.0;
    for (int k = 1; k < FACTORIALS.length; k++) {
      FACTORIALS[k] = FACTORIALS[k - 1] * k;
    }
  }

  private SpecialFunctions() {}

  // ---------------------------------------------------------------- gamma and beta functions

  /** ln Γ(x) for x > 0. */
  public static double lnGamma(double x) {
    if (x == Math.rint(x) && x <= FACTORIALS.length) {
      return Math.log(FACTORIALS[(int) x - 1]);
    }
    if (x == 0.5) {
      return LN_SQRT_PI;
    }
    if (x >= 10.0) {
      return stirling(x);
    }
    // Shift up to z ≥ 10 and divide by x(x+1)...(x+k−1).
    int k = (int) Math.ceil(10.0 - x);
    double product = 1.0;
    for (int i = 0; i < k; i++) {
      product *= x + i;
    }
    return stirling(x + k) - Math.log(product);
  }

  /** Stirling's series for ln Γ(z), z ≥ 10: error below 1e-17 beyond the rounding. */
  private static double stirling(double z) {
    return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingCorrection(z);
  }

  /**
   * δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π] = Σ B₂ⱼ / (2j(2j−1) z^(2j−1)), for z ≥ 10.
   */
  public static double stirlingCorrection(double z) {
    double r = 1.0 / z;
    double r2 = r * r;
    return r
        * (1.0 / 12
            + r2
                * (-1.0 / 360
                    + r2
                        * (1.0 / 1260
                            + r2
                                * (-1.0 / 1680
                                    + r2
                                        * (1.0 / 1188
                                            + r2
                                                * (-691.0 / 360360
                                                    + r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
  }

  /**
   * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged so that large arguments do not cancel
   * (Stirling's series for the large ones, then logarithms of ratios).
   */
  public static double lnBeta(double a, double b) {
    double p = Math.min(a, b);
    double q = Math.max(a, b);
    if (q < 10.0) {
      return lnGamma(p) + lnGamma(q) - lnGamma(p + q);
    }
    double s = p + q;
    if (p < 10.0) {
      // ln Γ(q) − ln Γ(p + q) by Stirling, without the large terms.
      double ratio =
          (q - 0.5) * Math.log1p(-p / s) - p * Math.log(s) + p + stirlingCorrection(q)
              - stirlingCorrection(s);
      return lnGamma(p) + ratio;
    }
    return LN_SQRT_2PI
        + (p - 0.5) * Math.log(p / s)
        + (q - 0.5) * Math.log1p(-p / s)
        - 0.5 * Math.log(s)
        + stirlingCorrection(p)
        + stirlingCorrection(q)
        - stirlingCorrection(s);
  }

  /**
   * x^a·y^b / B(a, b) with y = 1 − x given separately (so that it carries full precision when x
   * is close to 1).
   */
  public static double betaPowerTerms(double a, double b, double x, double y) {
    if (a >= 10.0 && b >= 10.0) {
      // √(ab / (2π(a+b))) · exp(a ln(x(a+b)/a) + b ln(y(a+b)/b) − δ(a) − δ(b) + δ(a+b))
      double s = a + b;
      double u = (x * b - y * a);
      double exponent =
          a * Math.log1p(u / a)
              + b * Math.log1p(-u / b)
              - stirlingCorrection(a)
              - stirlingCorrection(b)
              + stirlingCorrection(s);
      return Math.sqrt(a * b / s) / SQRT_2PI * Math.exp(exponent);
    }
    double lnX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
    double lnY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
    return Math.exp(a * lnX + b * lnY - lnBeta(a, b));
  }

  /**
   * The regularized incomplete beta function I_x(a, b) (lower tail) or 1 − I_x(a, b) (upper
   * tail), with y = 1 − x.
   */
  public static double incompleteBeta(double a, double b, double x, double y, boolean upper) {
    if (x <= 0.0) {
      return upper ? 1.0 : 0.0;
    }
    if (y <= 0.0) {
      return upper ? 0.0 : 1.0;
    }
    if (x < (a + 1.0) / (a + b + 2.0)) {
      double lower = betaContinuedFraction(a, b, x, y);
      return upper ? 1.0 - lower : lower;
    }
    double complement = betaContinuedFraction(b, a, y, x);
    return upper ? complement : 1.0 - complement;
  }

  /** I_x(a, b) by its continued fraction; converges fast for x < (a+1)/(a+b+2). */
  private static double betaContinuedFraction(double a, double b, double x, double y) {
    double front = betaPowerTerms(a, b, x, y) / a;
    if (front == 0.0) {
      return 0.0;
    }
    double qab = a + b;
    double qap = a + 1.0;
    double qam = a - 1.0;
    double c = 1.0;
    double d = awayFromZero(1.0 - qab * x / qap);
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = awayFromZero(1.0 + aa * d);
      c = awayFromZero(1.0 + aa / c);
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = awayFromZero(1.0 + aa * d);
      c = awayFromZero(1.0 + aa / c);
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) <= EPSILON) {
        break;
      }
    }
    return front * h;
  }

  /** The modified Lentz method's guard: a denominator too close to zero is replaced by a tiny one. */
  private static double awayFromZero(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }

  /** x^a·e^(−x) / Γ(a), arranged so that large a does not cancel. */
  private static double gammaPowerTerm(double a, double x) {
    if (a >= 10.0) {
      double t = (x - a) / a;
      double exponent =
          a * (Math.log1p(t) - t) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingCorrection(a);
      return Math.exp(exponent);
    }
    return Math.exp(a * Math.log(x) - x - lnGamma(a));
  }

  /**
   * The regularized incomplete gamma function P(a, x) (lower) or Q(a, x) = 1 − P(a, x) (upper):
   * a series below x = a + 1, a continued fraction above.
   */
  public static double incompleteGamma(double a, double x, boolean upper) {
    if (x <= 0.0) {
      return upper ? 1.0 : 0.0;
    }
    if (Double.isInfinite(x)) {
      return upper ? 0.0 : 1.0;
    }
    if (x < a + 1.0) {
      double lower = gammaSeries(a, x);
      return upper ? 1.0 - lower : lower;
    }
    double q = gammaContinuedFraction(a, x);
    return upper ? q : 1.0 - q;
  }

  private static double gammaSeries(double a, double x) {
    double term = 1.0 / a;
    double sum = term;
    double ap = a;
    for (int n = 1; n <= MAX_ITERATIONS; n++) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) {
        break;
      }
    }
    return sum * gammaPowerTerm(a, x);
  }

  private static double gammaContinuedFraction(double a, double x) {
    double b = x + 1.0 - a;
    double c = 1.0 / TINY;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i <= MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2.0;
      d = awayFromZero(an * d + b);
      c = awayFromZero(b + an / c);
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) <= EPSILON) {
        break;
      }
    }
    return h * gammaPowerTerm(a, x);
  }

  // ---------------------------------------------------------------- normal distribution

  /** Φ(x), the standard normal CDF, with full relative precision in the lower tail. */
  public static double normalCdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0.0) {
      return 0.5 * incompleteGamma(0.5, 0.5 * x * x, true);
    }
    return 1.0 - 0.5 * incompleteGamma(0.5, 0.5 * x * x, true);
  }

  /** 1 − Φ(x), with full relative precision in the upper tail ({@code scipy.stats.norm.sf}). */
  public static double normalSf(double x) {
    return normalCdf(-x);
  }

  /** The standard normal density. */
  public static double normalPdf(double x) {
    return Math.exp(-0.5 * x * x) / SQRT_2PI;
  }

  /** Whether a quantile of a distribution symmetric about 0 needs computing at {@code p}: not NaN, outside [0, 1], 0, ½ or 1. */
  private static boolean inside(double p) {
    return p > 0.0 && p < 1.0 && p != 0.5;
  }

  /** Such a quantile where {@link #inside} is false: NaN outside [0, 1], −∞ at 0, 0 at ½, +∞ at 1. */
  private static double edge(double p) {
    return Double.isNaN(p) || p < 0.0 || p > 1.0 ? Double.NaN : p == 0.0 ? Double.NEGATIVE_INFINITY
        : p == 1.0 ? Double.POSITIVE_INFINITY : 0.0;
  }

  /**
   * Φ⁻¹(p), the standard normal quantile ({@code scipy.special.ndtri}): Abramowitz and Stegun
   * 26.2.23 (error below 4.5e-4) as the start, then Halley steps on Φ until the step is below
   * the last bit. For p above ½ it solves the upper tail 1 − p, which is exact there.
   */
  public static double normalQuantile(double p) {
    if (!inside(p)) {
      return edge(p);
    }
    return p < 0.5 ? lowerNormalQuantile(p) : -lowerNormalQuantile(1.0 - p);
  }

  /** Φ⁻¹(p) for 0 < p < ½ (a negative number). */
  private static double lowerNormalQuantile(double p) {
    double t = Math.sqrt(-2.0 * Math.log(p));
    double x =
        -(t
            - (2.515517 + t * (0.802853 + t * 0.010328))
                / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int i = 0; i < 50; i++) {
      double e = normalCdf(x) - p;
      double u = e * SQRT_2PI * Math.exp(0.5 * x * x);
      double step = u / (1.0 + 0.5 * x * u);
      x -= step;
      if (Math.abs(step) <= 1e-17 * Math.max(1.0, Math.abs(x))) {
        break;
      }
    }
    return x;
  }

  // ---------------------------------------------------------------- chi-square

  /** P(X > x) for X ~ χ²(df) ({@code scipy.stats.chi2.sf}). */
  public static double chiSquareSf(double x, double df) {
    if (x <= 0.0) {
      return 1.0;
    }
    return incompleteGamma(0.5 * df, 0.5 * x, true);
  }

  // ---------------------------------------------------------------- Student t

  /** P(T ≤ t) for T ~ t(df) ({@code scipy.stats.t.cdf}); df may be fractional. */
  public static double studentTCdf(double t, double df) {
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(df)) {
      return normalCdf(t);
    }
    double t2 = t * t;
    double x = df / (df + t2);
    double y = t2 / (df + t2);
    // P(T < −|t|) = ½·I_x(df/2, ½)
    double tail = Double.isInfinite(t2) ? 0.0 : 0.5 * incompleteBeta(0.5 * df, 0.5, x, y, false);
    return t < 0 ? tail : 1.0 - tail;
  }

  /** P(T > t) ({@code scipy.stats.t.sf}). */
  public static double studentTSf(double t, double df) {
    return studentTCdf(-t, df);
  }

  /** The density of t(df). */
  public static double studentTPdf(double t, double df) {
    double lnC = lnGamma(0.5 * (df + 1)) - lnGamma(0.5 * df) - 0.5 * Math.log(df * Math.PI);
    return Math.exp(lnC - 0.5 * (df + 1) * Math.log1p(t * t / df));
  }

  /** The p-quantile of t(df) ({@code scipy.stats.t.ppf}). */
  public static double studentTQuantile(double p, double df) {
    if (!inside(p)) {
      return edge(p);
    }
    if (Double.isInfinite(df)) {
      return normalQuantile(p);
    }
    return p < 0.5 ? lowerTQuantile(p, df) : -lowerTQuantile(1.0 - p, df);
  }

  /**
   * Solves P(T ≤ t) = p for t &lt; 0 by Newton steps on ln P (fast for heavy tails), kept
   * inside a bracket and replaced by bisection when they leave it.
   */
  private static double lowerTQuantile(double p, double df) {
    double hi = 0.0;
    double lo = Math.min(-1.0, normalQuantile(p));
    while (studentTCdf(lo, df) > p) {
      hi = lo;
      lo *= 2.0;
    }
    double t = Math.max(lo, Math.min(hi, normalQuantile(p)));
    double lnP = Math.log(p);
    for (int i = 0; i < 500; i++) {
      double cdf = studentTCdf(t, df);
      if (cdf == p) {
        return t;
      }
      if (cdf > p) {
        hi = t;
      } else {
        lo = t;
      }
      double next = t - (Math.log(cdf) - lnP) * cdf / studentTPdf(t, df);
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      if (Math.abs(next - t) <= 2 * Math.ulp(t) || hi - lo <= 2 * Math.ulp(lo)) {
        return next;
      }
      t = next;
    }
    return t;
  }

  // ---------------------------------------------------------------- beta distribution

  /** P(X ≤ x) for X ~ Beta(a, b). */
  public static double betaCdf(double x, double a, double b) {
    return incompleteBeta(a, b, x, 1.0 - x, false);
  }

  /** The density of Beta(a, b). */
  public static double betaPdf(double x, double a, double b) {
    if (x <= 0.0 || x >= 1.0) {
      if (x == 0.0 && a == 1.0) {
        return b;
      }
      if (x == 1.0 && b == 1.0) {
        return a;
      }
      return (x == 0.0 && a < 1.0) || (x == 1.0 && b < 1.0) ? Double.POSITIVE_INFINITY : 0.0;
    }
    double y = 1.0 - x;
    return betaPowerTerms(a, b, x, y) / (x * y);
  }

  /**
   * The p-quantile of Beta(a, b) ({@code scipy.stats.beta.ppf}): Newton steps on the log of the
   * nearer tail, kept inside a bracket and replaced by bisection when they leave it.
   */
  public static double betaQuantile(double p, double a, double b) {
    if (Double.isNaN(p) || p < 0.0 || p > 1.0) {
      return Double.NaN;
    }
    if (p == 0.0) {
      return 0.0;
    }
    if (p == 1.0) {
      return 1.0;
    }
    boolean upper = p > 0.5;
    double target = upper ? 1.0 - p : p;
    double lnTarget = Math.log(target);
    double lo = 0.0;
    double hi = 1.0;
    double x = a / (a + b);
    for (int i = 0; i < 2000; i++) {
      double tail = incompleteBeta(a, b, x, 1.0 - x, upper);
      if (tail == target) {
        return x;
      }
      // The lower tail grows with x, the upper tail shrinks.
      boolean below = upper ? tail > target : tail < target;
      if (below) {
        lo = x;
      } else {
        hi = x;
      }
      double density = betaPdf(x, a, b);
      double step = (Math.log(tail) - lnTarget) * tail / density;
      double next = upper ? x + step : x - step;
      if (!(next > lo && next < hi) || Double.isNaN(next)) {
        next = 0.5 * (lo + hi);
      }
      if (Math.abs(next - x) <= 2 * Math.ulp(x) || hi - lo <= 2 * Math.ulp(hi)) {
        return next;
      }
      x = next;
    }
    return x;
  }
}
