package org.mlengine.eval;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

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

  /** {@code ks_2samp(reference, current, alternative="two-sided", method=...)}. */
  static TestResult ks(double[] reference, double[] current, PValueMethod method) {
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
    double d = minS > max ? minS : max;
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
      double exactD = (double) h / lcm;
      double prob;
      if (h == 0) {
        prob = 1.0;
      } else if (n1 == n2) {
        prob = outsideSquare(n1, (int) h);
      } else {
        prob = outsideInside(n1, n2, (int) g, (int) h);
      }
      if (prob >= 0.0 && prob <= 1.0) {
        d = exactD;
        p = prob;
      } else {
        mode = PValueMethod.ASYMPTOTIC;
        d = exactD;
      }
    }
    if (mode == PValueMethod.ASYMPTOTIC) {
      double m = Math.max(n1, n2);
      double n = Math.min(n1, n2);
      double en = m * n / (m + n);
      p = Kolmogorov.sf((int) Math.rint(en), d);
    }
    p = Math.min(1.0, Math.max(0.0, p));
    return new TestResult("ks_2samp", d, p, OptionalDouble.empty(), Optional.empty());
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
    Arrays.sort(idx, (x, y) -> Double.compare(values[x], values[y]));
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
    long distinct = Arrays.stream(reference).distinct().count();
    if (distinct > 20) {
      double[] all = new double[reference.length + current.length];
      System.arraycopy(reference, 0, all, 0, reference.length);
      System.arraycopy(current, 0, all, reference.length, current.length);
      double[] edges = sturgesEdges(all);
      return new Binned(histogramShares(reference, edges), histogramShares(current, edges));
    }
    TreeMap<Double, double[]> counts = new TreeMap<>();
    for (double v : reference) {
      counts.computeIfAbsent(v, k -> new double[2])[0]++;
    }
    for (double v : current) {
      counts.computeIfAbsent(v, k -> new double[2])[1]++;
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
    double p = Special.chiSquareSf(statistic, dof);
    return new TestResult(name, statistic, p, OptionalDouble.of(dof), Optional.empty());
  }
}
