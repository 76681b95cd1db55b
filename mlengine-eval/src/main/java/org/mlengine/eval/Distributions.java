package org.mlengine.eval;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Two-sample comparisons of distributions, as SciPy 1.10 and Evidently compute them: the
 * two-sample Kolmogorov–Smirnov test ({@code ks_2samp}), the Wasserstein-1 distance
 * ({@code wasserstein_distance}), Evidently's PSI binning ({@code get_binned_data}) and the
 * histogram distances. Inputs are checked by the caller.
 */
final class Distributions {
  private static final int MAX_AUTO_N = 10_000;

  private Distributions() {}

  // ---------------------------------------------------------------- Kolmogorov–Smirnov

  /** {@code ks_2samp(reference, current, alternative=..., method=...)}. */
  static TestResult ks(
      double[] reference, double[] current, PValueMethod method, Alternative alternative) {
    double[] a = Quantiles.sorted(reference);
    double[] b = Quantiles.sorted(current);
    int n1 = a.length;
    int n2 = b.length;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double[] data : new double[][] {a, b}) {
      for (double v : data) {
        double diff = (double) upperBound(a, v) / n1 - (double) upperBound(b, v) / n2;
        max = Math.max(max, diff);
        min = Math.min(min, diff);
      }
    }
    double minS = Math.min(1.0, Math.max(0.0, -min));
    boolean less =
        alternative == Alternative.LESS || (alternative == Alternative.TWO_SIDED && minS > max);
    double d = less ? minS : max;
    long g = gcd(n1, n2);
    long n1g = n1 / g;
    long n2g = n2 / g;
    PValueMethod mode = method;
    if (mode == PValueMethod.AUTO) {
      mode = Math.max(n1, n2) <= MAX_AUTO_N ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC;
    } else if (mode == PValueMethod.EXACT && n1g >= Integer.MAX_VALUE / n2g) {
      mode = PValueMethod.ASYMPTOTIC;
    }
    double p = Double.NaN;
    if (mode == PValueMethod.EXACT) {
      long lcm = n1g * n2;
      long h = Math.round(d * lcm);
      d = (double) h / lcm;
      double prob = h == 0 ? 1.0 : exactProbability(n1, n2, (int) g, (int) h, alternative);
      if (prob >= 0.0 && prob <= 1.0) {
        p = prob;
      } else {
        mode = PValueMethod.ASYMPTOTIC;
      }
    }
    if (mode == PValueMethod.ASYMPTOTIC) {
      double m = Math.max(n1, n2);
      double n = Math.min(n1, n2);
      double en = m * n / (m + n);
      if (alternative == Alternative.TWO_SIDED) {
        p = Kolmogorov.sf((int) Math.rint(en), d);
      } else {
        // Hodges' approximation (his eq. 5.3), m the larger sample.
        double z = Math.sqrt(en) * d;
        p = Math.exp(-2 * z * z - 2 * z * (m + 2 * n) / Math.sqrt(m * n * (m + n)) / 3.0);
      }
    }
    p = Math.min(1.0, Math.max(0.0, p));
    return new TestResult("ks_2samp", d, p, OptionalDouble.empty(), Optional.empty());
  }

  /**
   * SciPy's {@code _attempt_exact_2kssamp} once h ≥ 1: NaN when the computation overflows (the
   * caller then falls back to the asymptotic p-value, as SciPy).
   */
  private static double exactProbability(int n1, int n2, int g, int h, Alternative alternative) {
    if (alternative == Alternative.TWO_SIDED) {
      return n1 == n2 ? outsideSquare(n1, h) : outsideInside(n1, n2, g, h);
    }
    if (n1 == n2) {
      double prod = 1.0;
      for (int j = 0; j < h; j++) {
        prod *= (n1 - (double) j) / (n1 + j + 1.0);
      }
      return prod;
    }
    double paths = pathsOutside(n1, n2, g, h);
    double all = binom(n1 + n2, n1);
    if (!Double.isFinite(paths) || !Double.isFinite(all) || paths > all) {
      return Double.NaN;
    }
    return paths / all;
  }

  /**
   * SciPy's {@code _count_paths_outside_method}: the number of lattice paths from (0, 0) to
   * (m, n) that reach x/m − y/n ≥ h/lcm, by the first crossing of each boundary point.
   */
  private static double pathsOutside(int m0, int n0, int g, int h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    int mg = m / g;
    int ng = n / g;
    int lxj = n + Math.floorDiv(mg - h, mg);
    if (lxj <= 0) {
      return binom(m + n, n);
    }
    long[] xj = new long[lxj];
    for (int j = 0; j < lxj; j++) {
      xj[j] = Math.floorDiv(h + (long) mg * j + ng - 1, ng);
    }
    double[] b = new double[lxj];
    b[0] = 1.0;
    for (int j = 1; j < lxj; j++) {
      double bj = binom(xj[j] + j, j);
      for (int i = 0; i < j; i++) {
        bj -= binom(xj[j] - xj[i] + j - i, j - i) * b[i];
      }
      b[j] = bj;
    }
    double paths = 0.0;
    for (int j = 0; j < lxj; j++) {
      paths += b[j] * binom((m - xj[j]) + (n - j), n - j);
    }
    return paths;
  }

  /**
   * {@code scipy.special.binom(n, k)} for whole n ≥ k ≥ 0 as its product loop computes it (k
   * replaced by n − k when larger than n/2; the running numerator divided out above 1e50).
   */
  static double binom(long n, long k) {
    if (k < 0 || k > n) {
      return 0.0;
    }
    long kx = k > n / 2.0 && n > 0 ? n - k : k;
    double num = 1.0;
    double den = 1.0;
    for (long i = 1; i <= kx; i++) {
      num *= i + (double) n - kx;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1.0;
      }
    }
    return num / den;
  }

  /** The number of values ≤ v in the sorted array ({@code searchsorted(side='right')}). */
  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * P(D ≥ h/n) for two samples of n: 2·(A₀ − A₀A₁ + ...) by Hodges' alternating sum, evaluated
   * Horner-style (SciPy's {@code _compute_prob_outside_square}).
   */
  private static double outsideSquare(int n, int h) {
    double p = 0.0;
    int k = (int) Math.floor((double) n / h);
    while (k >= 0) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - (double) k * h - j) * p1 / (n + (double) k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| &lt; h/lcm,
   * computed directly as 1 − p by Viehmann's (2021) stable form of Hodges' inside method
   * (SciPy's {@code _compute_outer_prob_inside_method}).
   */
  private static double outsideInside(int m0, int n0, int g, int h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    int mg = m / g;
    int ng = n / g;
    int minj = 0;
    int maxj = Math.min((int) Math.ceil((double) h / mg), n + 1);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    Arrays.fill(a, 1.0);
    Arrays.fill(a, minj, maxj, 0.0);
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = Math.max((int) Math.floor((double) (ng * (long) i - h) / mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = Math.min((int) Math.ceil((double) (ng * (long) i + h) / mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        Arrays.fill(a, maxj - minj, maxj - minj + (lastlen - curlen), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  // ---------------------------------------------------------------- Wasserstein

  /**
   * {@code scipy.stats.wasserstein_distance(u, v, uWeights, vWeights)}: Σ |U(x) − V(x)|·Δx over
   * the merged sorted values, U and V the (weighted) empirical CDFs.
   */
  static double wasserstein(double[] u, double[] uw, double[] v, double[] vw) {
    Integer[] uOrder = order(u);
    Integer[] vOrder = order(v);
    double[] uSorted = new double[u.length];
    double[] vSorted = new double[v.length];
    for (int i = 0; i < u.length; i++) {
      uSorted[i] = u[uOrder[i]];
    }
    for (int i = 0; i < v.length; i++) {
      vSorted[i] = v[vOrder[i]];
    }
    double[] all = new double[u.length + v.length];
    System.arraycopy(u, 0, all, 0, u.length);
    System.arraycopy(v, 0, all, u.length, v.length);
    Arrays.sort(all);
    double[] uCum = uw == null ? null : cumulative(uw, uOrder);
    double[] vCum = vw == null ? null : cumulative(vw, vOrder);
    double[] terms = new double[all.length - 1];
    for (int i = 0; i + 1 < all.length; i++) {
      int ui = upperBound(uSorted, all[i]);
      int vi = upperBound(vSorted, all[i]);
      double uCdf = uw == null ? (double) ui / u.length : uCum[ui] / uCum[u.length];
      double vCdf = vw == null ? (double) vi / v.length : vCum[vi] / vCum[v.length];
      terms[i] = Math.abs(uCdf - vCdf) * (all[i + 1] - all[i]);
    }
    return Sums.sum(terms);
  }

  private static Integer[] order(double[] values) {
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (x, y) -> Ties.compare(values[x], values[y]));
    return idx;
  }

  /** [0, w₁, w₁ + w₂, ...] in sorted order ({@code np.concatenate(([0], np.cumsum(...)))}). */
  private static double[] cumulative(double[] w, Integer[] order) {
    double[] c = new double[w.length + 1];
    for (int i = 0; i < w.length; i++) {
      c[i + 1] = c[i] + w[order[i]];
    }
    return c;
  }

  // ---------------------------------------------------------------- Evidently binning

  /** Reference and current shares per bin, before the zero fill. */
  record Binned(double[] reference, double[] current) {}

  /**
   * Evidently's {@code get_binned_data} for a numerical column: more than 20 distinct
   * reference values → Sturges bins over reference and current together
   * ({@code np.histogram_bin_edges(bins="sturges")}); otherwise one bin per distinct value.
   */
  static Binned bin(double[] reference, double[] current) {
    // One bin per distinct value as np.unique sees it: -0.0 and 0.0 are one value.
    long distinct = Arrays.stream(reference).map(Ties::canonical).distinct().count();
    if (distinct > 20) {
      double[] all = new double[reference.length + current.length];
      System.arraycopy(reference, 0, all, 0, reference.length);
      System.arraycopy(current, 0, all, reference.length, current.length);
      double[] edges = sturgesEdges(all);
      return new Binned(histogramShares(reference, edges), histogramShares(current, edges));
    }
    TreeMap<Double, double[]> counts = new TreeMap<>();
    for (double v : reference) {
      counts.computeIfAbsent(Ties.canonical(v), k -> new double[2])[0]++;
    }
    for (double v : current) {
      counts.computeIfAbsent(Ties.canonical(v), k -> new double[2])[1]++;
    }
    double[] r = new double[counts.size()];
    double[] c = new double[counts.size()];
    int i = 0;
    for (double[] pair : counts.values()) {
      r[i] = pair[0] / reference.length;
      c[i] = pair[1] / current.length;
      i++;
    }
    return new Binned(r, c);
  }

  /** NumPy's Sturges edges: width = range/(log₂ n + 1), ⌈range/width⌉ equal bins. */
  static double[] sturgesEdges(double[] values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double width = (hi - lo) / (log2(values.length) + 1.0);
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    int bins = width > 0 ? (int) Math.ceil((hi - lo) / width) : 1;
    double[] edges = new double[bins + 1];
    double step = (hi - lo) / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = i * step + lo;
    }
    edges[bins] = hi;
    return edges;
  }

  /** log₂ n, exact for powers of two (as C's {@code log2}). */
  private static double log2(int n) {
    if (Integer.bitCount(n) == 1) {
      return Integer.numberOfTrailingZeros(n);
    }
    return Math.log(n) / Math.log(2.0);
  }

  /**
   * {@code np.histogram(values, edges)[0] / len(values)}: bin i holds edges[i] ≤ v &lt;
   * edges[i + 1], the last bin also its right edge.
   */
  private static double[] histogramShares(double[] values, double[] edges) {
    int bins = edges.length - 1;
    double[] counts = new double[bins];
    double[] sorted = Quantiles.sorted(values);
    // cumulative counts at each edge: searchsorted left, the last edge right
    int[] cum = new int[edges.length];
    for (int e = 0; e < edges.length; e++) {
      cum[e] = e == bins ? upperBound(sorted, edges[e]) : lowerBound(sorted, edges[e]);
    }
    for (int b = 0; b < bins; b++) {
      counts[b] = (double) (cum[b + 1] - cum[b]) / values.length;
    }
    return counts;
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Evidently's empty-bin fill: zeros become 0.0001, or the smallest non-zero share / 10⁶ when
   * that share is itself at most 0.0001.
   */
  static double[] fillZeros(double[] shares) {
    double min = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s != 0.0) {
        min = Math.min(min, s);
      }
    }
    double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
    double[] out = shares.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0.0) {
        out[i] = fill;
      }
    }
    return out;
  }

  /** Σ (r − c)·ln(r / c), summed pairwise. */
  static double psi(double[] r, double[] c) {
    double[] terms = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      terms[i] = (r[i] - c[i]) * Math.log(r[i] / c[i]);
    }
    return Sums.sum(terms);
  }

  // ---------------------------------------------------------------- histogram distances

  /**
   * {@code scipy.spatial.distance.jensenshannon(p, q, base)}: √(½(KL(p‖m) + KL(q‖m)) / ln b)
   * with m the mean of the normalized histograms.
   */
  static double jensenShannon(double[] p, double[] q, double base) {
    double[] left = new double[p.length];
    double[] right = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2.0;
      left[i] = relativeEntropy(p[i], m);
      right[i] = relativeEntropy(q[i], m);
    }
    double js = Sums.sum(left) + Sums.sum(right);
    if (!Double.isNaN(base)) {
      js /= Math.log(base);
    }
    return Math.sqrt(js / 2.0);
  }

  /** {@code scipy.special.rel_entr}: x·ln(x/y), 0 when x = 0. */
  private static double relativeEntropy(double x, double y) {
    if (x == 0.0) {
      return 0.0;
    }
    return x * Math.log(x / y);
  }

  /** Chi-square or G goodness of fit of the current counts against the scaled reference. */
  static TestResult goodnessOfFit(double[] reference, double[] current, boolean g, String name) {
    double ratio = Sums.sum(current) / Sums.sum(reference);
    double[] expected = new double[reference.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = reference[i] * ratio;
    }
    double statistic = Contingency.statistic(current, expected, g);
    int dof = reference.length - 1;
    double p = SpecialFunctions.chiSquareSf(statistic, dof);
    return new TestResult(name, statistic, p, OptionalDouble.of(dof), Optional.empty());
  }
}
