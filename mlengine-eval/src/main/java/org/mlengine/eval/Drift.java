package org.mlengine.eval;

/**
 * Drift between a reference sample and a current one, with the defaults of Evidently and
 * NannyML and the formulas of SciPy 1.10: on raw numbers the two-sample Kolmogorov–Smirnov
 * test (two- or one-sided), the Wasserstein-1 distance (also normalized by the reference's spread) and PSI with
 * Evidently's binning; on {@link Histogram}s PSI, Jensen–Shannon, Hellinger, L∞ and total
 * variation distances and the chi-square and G tests; plus the scalars a monitor tracks beside
 * them: the share of NaN predictions, the prediction bias and latency percentiles.
 *
 * <pre>{@code
 * TestResult ks = Drift.ks(reference, current);             // p < 0.05: drifted (Evidently)
 * Drift.ks(reference, current, Alternative.LESS, PValueMethod.AUTO);  // current shifted up?
 * double wd = Drift.wassersteinNormed(reference, current);   // >= 0.1: drifted (Evidently)
 * double psi = Drift.psi(reference, current);                // >= 0.1: drifted (Evidently)
 * double js = Drift.jensenShannon(Histogram.of(500, 300, 200), Histogram.of(220, 160, 120), 2.0);
 * double p95 = Drift.percentile(latenciesMs, 95, QuantileMethod.LINEAR);
 * }</pre>
 *
 * <p>Rule of thumb for PSI: below 0.1 no shift, 0.1–0.2 moderate, above 0.2 significant.
 * Every function rejects input it cannot use with an {@link IllegalArgumentException} whose
 * message says what was wrong, what was expected and how to fix it.
 */
public final class Drift {
  private static final String KS = "ks_2samp";
  private static final String WASSERSTEIN = "wasserstein_distance";
  private static final String PSI = "psi";
  private static final String JS = "jensen_shannon";
  private static final String CHI_SQUARE_GOF = "chi_square_gof";
  private static final String CHI_SQUARE_CONTINGENCY = "chi_square_contingency";
  private static final String G_GOF = "g_test_gof";
  private static final String HELLINGER = "hellinger";
  private static final String L_INFINITY = "l_infinity";
  private static final String TVD = "total_variation";
  private static final String PERCENTILE = "percentile";
  private static final String BIAS = "prediction_bias";
  private static final String NAN_SHARE = "nan_share";

  private Drift() {}

  // ---------------------------------------------------------------- raw samples

  /**
   * The two-sample Kolmogorov–Smirnov test, as SciPy's {@code ks_2samp(reference, current)}:
   * D = the largest gap between the two empirical CDFs; the p-value exact (Hodges, with
   * Viehmann's stable recursion) when both samples have at most 10000 values, else from the
   * Kolmogorov distribution with n = round(n₁n₂/(n₁ + n₂)). Two-sided.
   *
   * @param reference the reference sample, at least one value, none NaN
   * @param current the current sample, at least one value, none NaN
   * @return D and its p-value
   * @throws IllegalArgumentException if a sample is null, empty or holds NaN
   */
  public static TestResult ks(double[] reference, double[] current) {
    return ks(reference, current, PValueMethod.AUTO);
  }

  /**
   * The two-sample KS test with a chosen p-value method ({@code method="exact"} or
   * {@code "asymp"}). In exact mode D is rounded to a multiple of 1/lcm(n₁, n₂); the exact
   * computation falls back to the asymptotic one when it cannot be carried out, as SciPy.
   *
   * @param reference the reference sample
   * @param current the current sample
   * @param method AUTO, EXACT or ASYMPTOTIC
   * @return D and its p-value
   * @throws IllegalArgumentException as {@link #ks(double[], double[])}
   */
  public static TestResult ks(double[] reference, double[] current, PValueMethod method) {
    return ks(reference, current, Alternative.TWO_SIDED, method);
  }

  /**
   * The two-sample KS test, one- or two-sided, as SciPy's {@code ks_2samp(reference, current,
   * alternative=..., method=...)}. With F the reference's empirical CDF and G the current's,
   * {@link Alternative#GREATER} tests D⁺ = max(F − G) (the alternative that F lies above G
   * somewhere, i.e. reference values tend to be smaller), {@link Alternative#LESS} tests
   * D⁻ = max(G − F). One-sided exact p-values count the lattice paths that cross the boundary
   * (SciPy's {@code _count_paths_outside_method}); the asymptotic one is Hodges'
   * approximation exp(−2z² − 2z(m + 2n)/(3√(mn(m + n)))), z = D·√(mn/(m + n)), m the larger
   * sample.
   *
   * @param reference the reference sample, at least one value, none NaN
   * @param current the current sample, at least one value, none NaN
   * @param alternative TWO_SIDED, LESS or GREATER
   * @param method AUTO, EXACT or ASYMPTOTIC
   * @return D (or D⁺, D⁻) and its p-value
   * @throws IllegalArgumentException as {@link #ks(double[], double[])}
   */
  public static TestResult ks(
      double[] reference, double[] current, Alternative alternative, PValueMethod method) {
    checkSamples(KS, reference, current);
    Check.notNull(alternative, KS, "alternative", "Alternative.TWO_SIDED, LESS or GREATER");
    Check.notNull(method, KS, "method", "PValueMethod.AUTO, EXACT or ASYMPTOTIC");
    return Distributions.ks(reference, current, method, alternative);
  }

  /**
   * The Wasserstein-1 (earth mover's) distance between the samples' empirical distributions, as
   * SciPy's {@code wasserstein_distance(reference, current)}: ∫|F(x) − G(x)|dx, in the unit of
   * the values.
   *
   * @param reference the reference sample, finite values
   * @param current the current sample, finite values
   * @return a distance ≥ 0
   * @throws IllegalArgumentException if a sample is null, empty or holds NaN or infinity
   */
  public static double wasserstein(double[] reference, double[] current) {
    checkFiniteSamples(WASSERSTEIN, reference, current);
    return Distributions.wasserstein(reference, null, current, null);
  }

  /**
   * The Wasserstein-1 distance between weighted samples ({@code wasserstein_distance(u, v,
   * u_weights, v_weights)}); each sample's weights are normalized to sum to 1.
   *
   * @param reference the reference values
   * @param referenceWeights their weights, finite, ≥ 0, positive total
   * @param current the current values
   * @param currentWeights their weights, finite, ≥ 0, positive total
   * @return a distance ≥ 0
   * @throws IllegalArgumentException as {@link #wasserstein(double[], double[])}, or for bad
   *     weights
   */
  public static double wasserstein(
      double[] reference, double[] referenceWeights, double[] current, double[] currentWeights) {
    checkFiniteSamples(WASSERSTEIN, reference, current);
    checkSampleWeights(reference, referenceWeights, "reference", "referenceWeights");
    checkSampleWeights(current, currentWeights, "current", "currentWeights");
    return Distributions.wasserstein(reference, referenceWeights, current, currentWeights);
  }

  /**
   * Evidently's normalized Wasserstein distance: {@link #wasserstein(double[], double[])}
   * divided by max(σ, 0.001), σ the reference's population standard deviation
   * ({@code np.std}, ddof 0). Evidently flags drift at 0.1 for more than 1000 reference rows.
   *
   * @param reference the reference sample, finite values
   * @param current the current sample, finite values
   * @return a distance ≥ 0, in reference standard deviations
   * @throws IllegalArgumentException as {@link #wasserstein(double[], double[])}
   */
  public static double wassersteinNormed(double[] reference, double[] current) {
    checkFiniteSamples(WASSERSTEIN, reference, current);
    double std = Math.sqrt(Sums.variance(reference, 0));
    return Distributions.wasserstein(reference, null, current, null) / Math.max(std, 0.001);
  }

  /**
   * The population stability index of two samples with Evidently's binning: when the reference
   * has more than 20 distinct values, Sturges bins over both samples together
   * ({@code np.histogram_bin_edges(bins="sturges")}); otherwise one bin per distinct value.
   * Then each sample's shares, empty bins filled as {@link #psi(Histogram, Histogram)}, and
   * Σ (r − c)·ln(r/c).
   *
   * @param reference the reference sample, finite values
   * @param current the current sample, finite values
   * @return PSI ≥ 0
   * @throws IllegalArgumentException as {@link #wasserstein(double[], double[])}
   */
  public static double psi(double[] reference, double[] current) {
    checkFiniteSamples(PSI, reference, current);
    Distributions.Binned b = Distributions.bin(reference, current);
    return Distributions.psi(
        Distributions.fillZeros(b.reference()), Distributions.fillZeros(b.current()));
  }

  // ---------------------------------------------------------------- histograms

  /**
   * The population stability index Σ (r − c)·ln(r/c) of two histograms' shares
   * (= KL(r‖c) + KL(c‖r)). Empty bins are filled as Evidently does: with 0.0001, or with the
   * smallest non-zero share / 10⁶ when that share is itself at most 0.0001.
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @return PSI ≥ 0
   * @throws IllegalArgumentException if a histogram is null or the bin counts differ
   */
  public static double psi(Histogram reference, Histogram current) {
    checkHistograms(PSI, reference, current, 1);
    return Distributions.psi(
        Distributions.fillZeros(reference.shareArray()),
        Distributions.fillZeros(current.shareArray()));
  }

  /**
   * The Jensen–Shannon distance with the natural logarithm, as SciPy's
   * {@code jensenshannon(reference, current)}: √(½·KL(p‖m) + ½·KL(q‖m)), m = (p + q)/2, on the
   * normalized histograms. At most √ln 2.
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @return a distance in [0, √ln 2]
   * @throws IllegalArgumentException if a histogram is null or the bin counts differ
   */
  public static double jensenShannon(Histogram reference, Histogram current) {
    checkHistograms(JS, reference, current, 1);
    return Distributions.jensenShannon(reference.shareArray(), current.shareArray(), Double.NaN);
  }

  /**
   * The Jensen–Shannon distance with logarithms to a base ({@code jensenshannon(p, q,
   * base=base)}); base 2 (NannyML's choice, Evidently's too) bounds it by 1.
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @param base the logarithm base, finite and above 1
   * @return a distance ≥ 0
   * @throws IllegalArgumentException if a histogram is null, the bin counts differ or the base
   *     is not above 1
   */
  public static double jensenShannon(Histogram reference, Histogram current, double base) {
    checkHistograms(JS, reference, current, 1);
    Check.argument(
        Double.isFinite(base) && base > 1.0,
        "%s: base is %s; expected a finite logarithm base above 1 — 2 bounds the distance by 1",
        JS, base);
    return Distributions.jensenShannon(reference.shareArray(), current.shareArray(), base);
  }

  /**
   * Evidently's chi-square drift test: SciPy's {@code chisquare(f_obs=current,
   * f_exp=reference·n_cur/n_ref)}, i.e. goodness of fit of the current counts to the reference
   * proportions, k − 1 degrees of freedom. Evidently flags drift at p &lt; 0.05.
   *
   * @param reference the reference counts per category, at least 2 categories
   * @param current the current counts, same categories
   * @return χ² and its p-value
   * @throws IllegalArgumentException if a histogram is null, the bin counts differ, there is
   *     one bin, or a reference count is 0 (its expected count would be 0)
   */
  public static TestResult chiSquare(Histogram reference, Histogram current) {
    checkGoodnessOfFit(CHI_SQUARE_GOF, reference, current);
    return Distributions.goodnessOfFit(
        reference.countArray(), current.countArray(), false, CHI_SQUARE_GOF);
  }

  /**
   * The G goodness-of-fit test of the current counts to the reference proportions, as SciPy's
   * {@code power_divergence(current, reference·n_cur/n_ref, lambda_="log-likelihood")}
   * (Evidently's "g_test").
   *
   * @param reference the reference counts per category, at least 2 categories
   * @param current the current counts, same categories
   * @return G and its p-value
   * @throws IllegalArgumentException as {@link #chiSquare(Histogram, Histogram)}
   */
  public static TestResult gTest(Histogram reference, Histogram current) {
    checkGoodnessOfFit(G_GOF, reference, current);
    return Distributions.goodnessOfFit(reference.countArray(), current.countArray(), true, G_GOF);
  }

  /**
   * NannyML's chi-square drift test: SciPy's {@code chi2_contingency([reference; current])},
   * the test of independence on the 2×k table of counts — with SciPy's default Yates
   * correction, which applies only when k = 2.
   *
   * @param reference the reference counts per category, at least 2 categories
   * @param current the current counts, same categories
   * @return χ², its p-value and degrees of freedom
   * @throws IllegalArgumentException if a histogram is null, the bin counts differ, there is
   *     one bin, a count is not a whole number, or a category is empty in both
   */
  public static TestResult chiSquareContingency(Histogram reference, Histogram current) {
    checkHistograms(CHI_SQUARE_CONTINGENCY, reference, current, 2);
    long[][] table = new long[2][reference.bins()];
    double[][] both = {reference.countArray(), current.countArray()};
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < table[r].length; c++) {
        double v = both[r][c];
        Check.argument(
            v == Math.rint(v),
            "%s: %s bin %d has count %s; expected whole counts — pass counts, not shares",
            CHI_SQUARE_CONTINGENCY, r == 0 ? "reference" : "current", c, v);
        table[r][c] = (long) v;
      }
    }
    StatTests.checkTable(CHI_SQUARE_CONTINGENCY, table);
    return Contingency.test(table, false, true, "chi_square");
  }

  /**
   * The Hellinger distance √(1 − Σ √(pᵢqᵢ)) of the normalized histograms.
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @return a distance in [0, 1]
   * @throws IllegalArgumentException if a histogram is null or the bin counts differ
   */
  public static double hellinger(Histogram reference, Histogram current) {
    checkHistograms(HELLINGER, reference, current, 1);
    double[] p = reference.shareArray();
    double[] q = current.shareArray();
    double[] terms = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      terms[i] = Math.sqrt(p[i] * q[i]);
    }
    return Math.sqrt(Math.max(0.0, 1 - Sums.sum(terms)));
  }

  /**
   * The L∞ distance max |pᵢ − qᵢ| of the normalized histograms (NannyML's {@code l_infinity},
   * Deequ's categorical distance).
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @return a distance in [0, 1]
   * @throws IllegalArgumentException if a histogram is null or the bin counts differ
   */
  public static double lInfinity(Histogram reference, Histogram current) {
    checkHistograms(L_INFINITY, reference, current, 1);
    double[] p = reference.shareArray();
    double[] q = current.shareArray();
    double max = 0.0;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.abs(p[i] - q[i]));
    }
    return max;
  }

  /**
   * The total variation distance ½·Σ |pᵢ − qᵢ| of the normalized histograms.
   *
   * @param reference the reference counts or shares per bin
   * @param current the current counts or shares, same bins
   * @return a distance in [0, 1]
   * @throws IllegalArgumentException if a histogram is null or the bin counts differ
   */
  public static double totalVariation(Histogram reference, Histogram current) {
    checkHistograms(TVD, reference, current, 1);
    double[] p = reference.shareArray();
    double[] q = current.shareArray();
    double[] terms = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      terms[i] = Math.abs(p[i] - q[i]);
    }
    return 0.5 * Sums.sum(terms);
  }

  // ---------------------------------------------------------------- monitoring scalars

  /**
   * The share of predictions that are NaN (the model could not score the row).
   *
   * @param predictions one prediction per row
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if predictions is null or empty
   */
  public static double nanShare(double[] predictions) {
    Check.notNull(predictions, NAN_SHARE, "predictions", "a double[] with every row's prediction");
    Check.notEmpty(NAN_SHARE, predictions.length);
    double[] flags = new double[predictions.length];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = Double.isNaN(predictions[i]) ? 1.0 : 0.0;
    }
    return Sums.mean(flags);
  }

  /**
   * The prediction bias mean(prediction) − mean(label) over the rows where both are present
   * (not NaN): positive when the model over-predicts. For a classifier pass the predicted
   * probability and the 0/1 label.
   *
   * @param predictions one prediction per row, NaN where missing
   * @param labels one label per row, NaN where not yet known
   * @return the bias, in the unit of the labels
   * @throws IllegalArgumentException if an array is null, the lengths differ, no row has both,
   *     or a value is infinite
   */
  public static double predictionBias(double[] predictions, double[] labels) {
    Check.notNull(predictions, BIAS, "predictions", "a double[] with every row's prediction");
    Check.notNull(labels, BIAS, "labels", "a double[] with every row's label");
    Check.sameLength(BIAS, "predictions", predictions.length, "labels", labels.length);
    int n = 0;
    for (int i = 0; i < predictions.length; i++) {
      Check.argument(
          !Double.isInfinite(predictions[i]) && !Double.isInfinite(labels[i]),
          "%s: row %d has an infinite value (prediction %s, label %s); expected numbers or NaN "
              + "for missing",
          BIAS, i, predictions[i], labels[i]);
      if (!Double.isNaN(predictions[i]) && !Double.isNaN(labels[i])) {
        n++;
      }
    }
    Check.argument(
        n > 0,
        "%s: no row has both a prediction and a label; expected at least one — wait for labels "
            + "or check the join",
        BIAS);
    double[] p = new double[n];
    double[] y = new double[n];
    int k = 0;
    for (int i = 0; i < predictions.length; i++) {
      if (!Double.isNaN(predictions[i]) && !Double.isNaN(labels[i])) {
        p[k] = predictions[i];
        y[k] = labels[i];
        k++;
      }
    }
    return Sums.mean(p) - Sums.mean(y);
  }

  /**
   * A percentile, as NumPy's {@code np.percentile(values, q, method=...)}: LINEAR is NumPy's
   * default, HIGHER the next observation up, INVERTED_CDF the nearest rank. For latency
   * monitoring the choice matters on small windows (V19: p95 of 10 latencies is 323.5 linear,
   * 400 nearest-rank).
   *
   * @param values the observations, at least one, none NaN
   * @param q the percentile, in [0, 100]
   * @param method how to pick between observations
   * @return the percentile
   * @throws IllegalArgumentException if values is null, empty or holds NaN, or q is not in
   *     [0, 100]
   */
  public static double percentile(double[] values, double q, QuantileMethod method) {
    Check.notNull(values, PERCENTILE, "values", "a double[] with the observations");
    Check.notNull(method, PERCENTILE, "method", "QuantileMethod.LINEAR, HIGHER or INVERTED_CDF");
    Check.notEmpty(PERCENTILE, values.length);
    for (int i = 0; i < values.length; i++) {
      Check.argument(
          !Double.isNaN(values[i]),
          "%s: values[%d] is NaN; expected a number in every row — drop the missing observations",
          PERCENTILE, i);
    }
    Check.argument(
        q >= 0.0 && q <= 100.0,
        "%s: q is %s; expected a percentile in [0, 100], e.g. 95",
        PERCENTILE, q);
    double[] sorted = Quantiles.sorted(values);
    double quantile = q / 100;
    switch (method) {
      case HIGHER:
        return Quantiles.higher(sorted, quantile);
      case INVERTED_CDF:
        return Quantiles.invertedCdf(sorted, quantile);
      default:
        return Quantiles.linear(sorted, quantile);
    }
  }

  // ---------------------------------------------------------------- checks

  private static void checkSamples(String what, double[] reference, double[] current) {
    Check.notNull(reference, what, "reference", "a double[] with the reference sample");
    Check.notNull(current, what, "current", "a double[] with the current sample");
    Check.argument(
        reference.length > 0 && current.length > 0,
        "%s: the samples have %d and %d values; expected at least one in each — compare "
            + "non-empty windows",
        what, reference.length, current.length);
    for (double[] s : new double[][] {reference, current}) {
      for (int i = 0; i < s.length; i++) {
        Check.argument(
            !Double.isNaN(s[i]),
            "%s: %s[%d] is NaN; expected numbers — drop the missing values (track them with "
                + "Drift.nanShare)",
            what, s == reference ? "reference" : "current", i);
      }
    }
  }

  private static void checkFiniteSamples(String what, double[] reference, double[] current) {
    checkSamples(what, reference, current);
    Check.finite(what, "reference", reference, "value", "drop the infinite values");
    Check.finite(what, "current", current, "value", "drop the infinite values");
  }

  private static void checkSampleWeights(
      double[] values, double[] weights, String name, String weightsName) {
    Check.notNull(weights, WASSERSTEIN, weightsName, "a double[] with one weight per value");
    Check.sameLength(WASSERSTEIN, name, values.length, weightsName, weights.length);
    Check.weights(WASSERSTEIN, weightsName, weights);
    double total = 0.0;
    for (double w : weights) {
      total += w;
    }
    Check.argument(
        total > 0.0,
        "%s: every %s is 0; expected a positive total weight",
        WASSERSTEIN, weightsName);
  }

  private static void checkHistograms(
      String what, Histogram reference, Histogram current, int minBins) {
    Check.notNull(reference, what, "reference", "a Histogram of the reference counts");
    Check.notNull(current, what, "current", "a Histogram of the current counts");
    Check.argument(
        reference.bins() == current.bins(),
        "%s: reference has %d bins but current has %d; expected the same bins in the same "
            + "order — bin both samples with the same edges or categories",
        what, reference.bins(), current.bins());
    Check.argument(
        reference.bins() >= minBins,
        "%s: the histograms have %d bin; expected at least %d categories",
        what, reference.bins(), minBins);
  }

  private static void checkGoodnessOfFit(String what, Histogram reference, Histogram current) {
    checkHistograms(what, reference, current, 2);
    double[] r = reference.countArray();
    for (int i = 0; i < r.length; i++) {
      Check.argument(
          r[i] > 0.0,
          "%s: reference bin %d is 0, so its expected count is 0; expected every reference "
              + "category to occur — merge rare categories",
          what, i);
    }
  }
}
