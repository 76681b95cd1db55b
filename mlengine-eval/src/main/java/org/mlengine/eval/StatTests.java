package org.mlengine.eval;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Statistical tests for online comparisons (A/B tests), as SciPy 1.10 and statsmodels 0.13
 * compute them: the G-test and Pearson's chi-square on a contingency table, Fisher's exact
 * test on a 2×2 table, the two-proportion z-test, z- and t-tests on means, the Mann–Whitney U
 * test (with or without continuity correction), and a sample-size calculator for two
 * proportions. Each test returns a {@link TestResult} with the statistic, the p-value and,
 * where meaningful, the effect with its standard error (see {@link Effect#interval(double)}).
 *
 * <pre>{@code
 * // Conversions of variants A and B: rows = variants, columns = converted, not converted.
 * TestResult g = StatTests.gTest(new long[][] {{120, 880}, {150, 850}});     // p = 0.0494
 * TestResult z = StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.TWO_SIDED);
 * z.effect().orElseThrow().interval(0.95);                                     // CI of pA - pB
 * TestResult t = StatTests.welchT(sessionsA, sessionsB, Alternative.TWO_SIDED);
 * TestResult f = StatTests.fisherExact(new long[][] {{8, 2}, {1, 5}}, Alternative.TWO_SIDED);
 * long perGroup = StatTests.sampleSizeTwoProportions(0.10, 0.02, 0.05, 0.8);   // 3841
 * }</pre>
 *
 * <p>Every function rejects input it cannot use with an {@link IllegalArgumentException} whose
 * message says what was wrong, what was expected and how to fix it.
 */
public final class StatTests {
  private static final String G_TEST = "g_test";
  private static final String CHI_SQUARE = "chi_square";
  private static final String TWO_PROPORTION_Z = "two_proportion_z";
  private static final String Z_TEST_MEANS = "z_test_means";
  private static final String WELCH_T = "welch_t";
  private static final String STUDENT_T = "student_t";
  private static final String MANN_WHITNEY = "mann_whitney_u";
  private static final String SAMPLE_SIZE = "sample_size";
  private static final String FISHER = "fisher_exact";

  private StatTests() {}

  // ---------------------------------------------------------------- contingency tables

  /**
   * The G-test (log-likelihood ratio) of independence on an r×c table without Yates's
   * correction: G = 2·Σ O·ln(O/E) with E from the margins, p from χ²((r − 1)(c − 1)); as
   * SciPy's {@code chi2_contingency(table, correction=False, lambda_="log-likelihood")}
   * (Burkov's G-test). The effect is Cramér's V.
   *
   * @param table counts, at least 2×2, rectangular, no row or column of zeros
   * @return G, its p-value and degrees of freedom
   * @throws IllegalArgumentException if the table is null, smaller than 2×2, ragged, has a
   *     negative count, or a row or column that sums to 0
   */
  public static TestResult gTest(long[][] table) {
    checkTable(G_TEST, table);
    return Contingency.test(table, true, false, G_TEST);
  }

  /**
   * The G-test with SciPy's default Yates correction: on a table with one degree of freedom
   * (2×2) each count first moves up to ½ toward its expected count; as
   * {@code chi2_contingency(table, lambda_="log-likelihood")}. Larger tables are not
   * corrected.
   *
   * @param table counts, at least 2×2
   * @return corrected G, its p-value and degrees of freedom
   * @throws IllegalArgumentException as {@link #gTest(long[][])}
   */
  public static TestResult gTestYates(long[][] table) {
    checkTable(G_TEST, table);
    return Contingency.test(table, true, true, G_TEST);
  }

  /**
   * Pearson's chi-square test of independence without Yates's correction,
   * Σ(O − E)²/E, as SciPy's {@code chi2_contingency(table, correction=False)}. On a 2×2 table
   * it equals the square of the pooled two-proportion z.
   *
   * @param table counts, at least 2×2
   * @return χ², its p-value and degrees of freedom
   * @throws IllegalArgumentException as {@link #gTest(long[][])}
   */
  public static TestResult chiSquare(long[][] table) {
    checkTable(CHI_SQUARE, table);
    return Contingency.test(table, false, false, CHI_SQUARE);
  }

  /**
   * Pearson's chi-square with SciPy's default Yates correction (2×2 tables only), as
   * {@code chi2_contingency(table)}.
   *
   * @param table counts, at least 2×2
   * @return corrected χ², its p-value and degrees of freedom
   * @throws IllegalArgumentException as {@link #gTest(long[][])}
   */
  public static TestResult chiSquareYates(long[][] table) {
    checkTable(CHI_SQUARE, table);
    return Contingency.test(table, false, true, CHI_SQUARE);
  }

  // ---------------------------------------------------------------- proportions

  /**
   * The two-proportion z-test with pooled variance, as statsmodels'
   * {@code proportions_ztest([sA, sB], [nA, nB], alternative=...)}:
   * z = (p̂A − p̂B)/√(P(1 − P)(1/nA + 1/nB)) with P the pooled rate. The effect is
   * p̂A − p̂B with its unpooled (Wald) standard error.
   *
   * @param successesA conversions in A, 0 ≤ successesA ≤ trialsA
   * @param trialsA trials in A, at least 1
   * @param successesB conversions in B
   * @param trialsB trials in B, at least 1
   * @param alternative A ≠ B, A &lt; B or A &gt; B
   * @return z and its p-value
   * @throws IllegalArgumentException if a count is out of range, or the pooled rate is 0 or 1
   *     (no variance)
   */
  public static TestResult twoProportionZ(
      long successesA, long trialsA, long successesB, long trialsB, Alternative alternative) {
    checkProportions(successesA, trialsA, successesB, trialsB, alternative);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
    Check.argument(
        pooled > 0.0 && pooled < 1.0,
        "%s: the pooled rate is %s, so the difference has no variance; expected some successes "
            + "and some failures — the test is undefined when every trial agrees",
        TWO_PROPORTION_Z, pooled);
    double variance = pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB);
    double z = (pA - pB) / Math.sqrt(variance);
    return zResult(TWO_PROPORTION_Z, z, alternative, proportionEffect(pA, trialsA, pB, trialsB));
  }

  /**
   * The two-proportion z-test with unpooled (Wald) variance:
   * z = (p̂A − p̂B)/√(p̂A(1 − p̂A)/nA + p̂B(1 − p̂B)/nB).
   *
   * @param successesA conversions in A
   * @param trialsA trials in A, at least 1
   * @param successesB conversions in B
   * @param trialsB trials in B, at least 1
   * @param alternative A ≠ B, A &lt; B or A &gt; B
   * @return z and its p-value
   * @throws IllegalArgumentException if a count is out of range, or both rates are 0 or 1
   */
  public static TestResult twoProportionZUnpooled(
      long successesA, long trialsA, long successesB, long trialsB, Alternative alternative) {
    checkProportions(successesA, trialsA, successesB, trialsB, alternative);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    Effect effect = proportionEffect(pA, trialsA, pB, trialsB);
    Check.argument(
        effect.standardError() > 0.0,
        "%s: both rates are 0 or 1 (%s, %s), so the difference has no variance; expected some "
            + "successes and some failures — use StatTests.twoProportionZ (pooled) instead",
        TWO_PROPORTION_Z, pA, pB);
    double z = (pA - pB) / effect.standardError();
    return zResult(TWO_PROPORTION_Z, z, alternative, effect);
  }

  private static Effect proportionEffect(double pA, long nA, double pB, long nB) {
    double se = Math.sqrt(pA * (1 - pA) / nA + pB * (1 - pB) / nB);
    return new Effect("proportion_difference", pA - pB, se, Double.POSITIVE_INFINITY);
  }

  // ---------------------------------------------------------------- means

  /**
   * The z-test on two means with unpooled variances (ddof 1), as statsmodels'
   * {@code CompareMeans(...).ztest_ind(usevar="unequal")}: the statistic equals Welch's t, but
   * the p-value comes from the normal distribution (fine for large samples). The effect is the
   * mean difference with its standard error.
   *
   * @param a the first sample, at least two finite values
   * @param b the second sample, at least two finite values
   * @param alternative mean A ≠, &lt; or &gt; mean B
   * @return z and its p-value
   * @throws IllegalArgumentException if a sample is null, has fewer than two values or a NaN or
   *     infinite one, or both samples are constant
   */
  public static TestResult zTestMeans(double[] a, double[] b, Alternative alternative) {
    checkSamples(Z_TEST_MEANS, a, b, alternative, 2);
    double se = Math.sqrt(Sums.variance(a, 1) / a.length + Sums.variance(b, 1) / b.length);
    return meansZ(a, b, se, alternative);
  }

  /**
   * The z-test on two means with the pooled variance, as statsmodels' {@code ztest(a, b)}
   * ({@code usevar="pooled"}): the statistic equals Student's t, the p-value is normal.
   *
   * @param a the first sample, at least two finite values
   * @param b the second sample
   * @param alternative mean A ≠, &lt; or &gt; mean B
   * @return z and its p-value
   * @throws IllegalArgumentException as {@link #zTestMeans(double[], double[], Alternative)}
   */
  public static TestResult zTestMeansPooled(double[] a, double[] b, Alternative alternative) {
    checkSamples(Z_TEST_MEANS, a, b, alternative, 2);
    return meansZ(a, b, pooledStandardError(a, b), alternative);
  }

  private static TestResult meansZ(double[] a, double[] b, double se, Alternative alternative) {
    checkSpread(Z_TEST_MEANS, se);
    double diff = Sums.mean(a) - Sums.mean(b);
    return zResult(
        Z_TEST_MEANS,
        diff / se,
        alternative,
        new Effect("mean_difference", diff, se, Double.POSITIVE_INFINITY));
  }

  /**
   * Welch's t-test (unequal variances), as SciPy's {@code ttest_ind(a, b, equal_var=False)}:
   * t = (mean A − mean B)/√(s²A/nA + s²B/nB) with Welch–Satterthwaite degrees of freedom. The
   * effect is the mean difference; its interval is Welch's.
   *
   * @param a the first sample, at least two finite values
   * @param b the second sample, at least two finite values
   * @param alternative mean A ≠, &lt; or &gt; mean B
   * @return t, its p-value and degrees of freedom
   * @throws IllegalArgumentException as {@link #zTestMeans(double[], double[], Alternative)}
   */
  public static TestResult welchT(double[] a, double[] b, Alternative alternative) {
    checkSamples(WELCH_T, a, b, alternative, 2);
    double vn1 = Sums.variance(a, 1) / a.length;
    double vn2 = Sums.variance(b, 1) / b.length;
    double se = Math.sqrt(vn1 + vn2);
    checkSpread(WELCH_T, se);
    double df =
        (vn1 + vn2) * (vn1 + vn2) / (vn1 * vn1 / (a.length - 1) + vn2 * vn2 / (b.length - 1));
    return tResult(WELCH_T, a, b, se, df, alternative);
  }

  /**
   * Student's t-test (pooled variance), as SciPy's {@code ttest_ind(a, b)}, with
   * nA + nB − 2 degrees of freedom.
   *
   * @param a the first sample, finite values
   * @param b the second sample, finite values; at least three values in all
   * @param alternative mean A ≠, &lt; or &gt; mean B
   * @return t, its p-value and degrees of freedom
   * @throws IllegalArgumentException as {@link #zTestMeans(double[], double[], Alternative)}
   */
  public static TestResult studentT(double[] a, double[] b, Alternative alternative) {
    checkSamples(STUDENT_T, a, b, alternative, 2);
    double se = pooledStandardError(a, b);
    checkSpread(STUDENT_T, se);
    return tResult(STUDENT_T, a, b, se, a.length + b.length - 2.0, alternative);
  }

  private static double pooledStandardError(double[] a, double[] b) {
    double df = a.length + b.length - 2.0;
    double pooled =
        ((a.length - 1) * Sums.variance(a, 1) + (b.length - 1) * Sums.variance(b, 1)) / df;
    return Math.sqrt(pooled * (1.0 / a.length + 1.0 / b.length));
  }

  private static TestResult tResult(
      String name, double[] a, double[] b, double se, double df, Alternative alternative) {
    double diff = Sums.mean(a) - Sums.mean(b);
    double t = diff / se;
    double p;
    switch (alternative) {
      case LESS:
        p = SpecialFunctions.studentTCdf(t, df);
        break;
      case GREATER:
        p = SpecialFunctions.studentTSf(t, df);
        break;
      default:
        p = Math.min(1.0, 2 * SpecialFunctions.studentTSf(Math.abs(t), df));
    }
    return new TestResult(
        name, t, p, OptionalDouble.of(df), Optional.of(new Effect("mean_difference", diff, se, df)));
  }

  private static TestResult zResult(String name, double z, Alternative alternative, Effect effect) {
    double p;
    switch (alternative) {
      case LESS:
        p = SpecialFunctions.normalCdf(z);
        break;
      case GREATER:
        p = SpecialFunctions.normalSf(z);
        break;
      default:
        p = Math.min(1.0, 2 * SpecialFunctions.normalSf(Math.abs(z)));
    }
    return new TestResult(name, z, p, OptionalDouble.empty(), Optional.of(effect));
  }

  // ---------------------------------------------------------------- ranks

  /**
   * The Mann–Whitney U test with SciPy's automatic method, as
   * {@code mannwhitneyu(a, b, alternative=...)} (continuity correction on): exact when a sample
   * has at most 8 values and there are no ties, otherwise the normal approximation with the
   * tie-corrected variance. The statistic is U of the first sample; the effect is the
   * common-language effect size U/(nA·nB), the probability that a value of A exceeds one of B
   * (ties half) — the ROC AUC of A against B.
   *
   * @param a the first sample, at least one value, none NaN
   * @param b the second sample, at least one value, none NaN
   * @param alternative A's distribution shifted ≠, &lt; or &gt; B's
   * @return U of A and its p-value
   * @throws IllegalArgumentException if a sample is null, empty or holds NaN
   */
  public static TestResult mannWhitneyU(double[] a, double[] b, Alternative alternative) {
    return mannWhitneyU(a, b, alternative, PValueMethod.AUTO);
  }

  /**
   * The Mann–Whitney U test with a chosen p-value method ({@code method="exact"} or
   * {@code "asymptotic"}).
   *
   * @param a the first sample
   * @param b the second sample
   * @param alternative A's distribution shifted ≠, &lt; or &gt; B's
   * @param method AUTO, EXACT (no ties allowed) or ASYMPTOTIC
   * @return U of A and its p-value
   * @throws IllegalArgumentException as {@link #mannWhitneyU(double[], double[], Alternative)},
   *     or EXACT with ties
   */
  public static TestResult mannWhitneyU(
      double[] a, double[] b, Alternative alternative, PValueMethod method) {
    return mannWhitneyU(a, b, alternative, method, true);
  }

  /**
   * The Mann–Whitney U test with or without the continuity correction, as SciPy's {@code
   * mannwhitneyu(a, b, alternative=..., method=..., use_continuity=...)}: without it the normal
   * approximation's z is (U − nA·nB/2)/σ instead of (U − nA·nB/2 − ½)/σ. The exact p-value does
   * not depend on it.
   *
   * @param a the first sample
   * @param b the second sample
   * @param alternative A's distribution shifted ≠, &lt; or &gt; B's
   * @param method AUTO, EXACT (no ties allowed) or ASYMPTOTIC
   * @param continuityCorrection SciPy's {@code use_continuity}; true is its default
   * @return U of A and its p-value
   * @throws IllegalArgumentException as {@link #mannWhitneyU(double[], double[], Alternative,
   *     PValueMethod)}
   */
  public static TestResult mannWhitneyU(
      double[] a,
      double[] b,
      Alternative alternative,
      PValueMethod method,
      boolean continuityCorrection) {
    checkSamples(MANN_WHITNEY, a, b, alternative, 1);
    Check.notNull(method, MANN_WHITNEY, "method", "PValueMethod.AUTO, EXACT or ASYMPTOTIC");
    for (double[] s : new double[][] {a, b}) {
      for (double v : s) {
        Check.argument(
            !Double.isNaN(v),
            "%s: a sample holds NaN; expected numbers (infinities are fine) — drop the missing "
                + "observations",
            MANN_WHITNEY);
      }
    }
    if (method == PValueMethod.EXACT) {
      double[] all = new double[a.length + b.length];
      System.arraycopy(a, 0, all, 0, a.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      Check.argument(
          MannWhitney.rank(all).tieTerm() == 0.0,
          "%s: the samples have tied values, which the exact distribution does not allow; "
              + "expected distinct values — use PValueMethod.ASYMPTOTIC or AUTO",
          MANN_WHITNEY);
    }
    return MannWhitney.test(a, b, alternative, method, continuityCorrection);
  }

  // ---------------------------------------------------------------- exact tests

  /**
   * Fisher's exact test on a 2×2 table, as SciPy's {@code fisher_exact(table, alternative=...)}:
   * the p-value sums the hypergeometric probabilities of the tables with the same margins that
   * are at least as extreme — for TWO_SIDED every table no more probable than the observed one;
   * LESS and GREATER are about the odds ratio of row 0 against row 1 in column 0. The statistic
   * is the sample odds ratio (a·d)/(b·c), infinite when b·c = 0. Use it instead of
   * {@link #gTest(long[][])} or {@link #chiSquare(long[][])} when an expected count is below 5.
   * Counts of any size whose total fits in a long: each probability is computed on its own, and
   * a tail sums about nine standard deviations of terms, so the cost grows with the square root
   * of the counts, not with the counts: milliseconds for counts in the billions, but about 40
   * seconds for four counts of 2e18 (a total near {@code Long.MAX_VALUE}).
   *
   * @param table counts {{a, b}, {c, d}}, ≥ 0, no row or column that sums to 0
   * @param alternative odds ratio ≠ 1, &lt; 1 or &gt; 1
   * @return the odds ratio and the p-value
   * @throws IllegalArgumentException if the table is null, not 2×2, has a negative count, counts
   *     whose total exceeds {@code Long.MAX_VALUE}, or a row or column that sums to 0
   */
  public static TestResult fisherExact(long[][] table, Alternative alternative) {
    Check.notNull(table, FISHER, "table", "a 2x2 long[][] of counts, one row per group");
    Check.notNull(alternative, FISHER, "alternative", "Alternative.TWO_SIDED, LESS or GREATER");
    boolean square = table.length == 2 && table[0] != null && table[1] != null
        && table[0].length == 2 && table[1].length == 2;
    Check.argument(
        square,
        "%s: the table is not 2x2; expected {{a, b}, {c, d}} — for larger tables use "
            + "StatTests.chiSquare or StatTests.gTest",
        FISHER);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        Check.argument(
            table[i][j] >= 0,
            "%s: table[%d][%d] is %d; expected counts >= 0",
            FISHER, i, j, table[i][j]);
      }
    }
    try {
      Math.addExact(Math.addExact(table[0][0], table[0][1]), Math.addExact(table[1][0], table[1][1]));
    } catch (ArithmeticException e) {
      // Every margin is at most the total, so the total is the one sum to check.
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: the counts add up to more than Long.MAX_VALUE (%d), so the margins overflow; "
              + "expected counts of rows whose total fits in a long — check that the cells are "
              + "counts, not sums or scaled values",
          FISHER, Long.MAX_VALUE), e);
    }
    for (int i = 0; i < 2; i++) {
      Check.argument(
          table[i][0] + table[i][1] > 0 && table[0][i] + table[1][i] > 0,
          "%s: table %s %d sums to 0, so there is nothing to compare (SciPy returns p = 1 and "
              + "a NaN odds ratio); expected a count in every row and column — drop the empty "
              + "group or category",
          FISHER, table[i][0] + table[i][1] > 0 ? "column" : "row", i);
    }
    return Fisher.test(table, alternative);
  }

  // ---------------------------------------------------------------- planning

  /**
   * Rows per group for a two-sided two-proportion test to detect an absolute change
   * {@code minimumDetectableEffect} from {@code baseline}: with p₁ = baseline,
   * p₂ = baseline + mde and p̄ = (p₁ + p₂)/2,
   * n = ⌈(z_{1−α/2}·√(2p̄(1 − p̄)) + z_{power}·√(p₁(1 − p₁) + p₂(1 − p₂)))² / mde²⌉
   * (Fleiss, Levin and Paik, without continuity correction: the pooled variance under the null,
   * the unpooled one under the alternative). The test to run afterwards is
   * {@link #twoProportionZ(long, long, long, long, Alternative)} or {@link #gTest(long[][])}.
   *
   * @param baseline the current rate, in (0, 1), e.g. 0.10
   * @param minimumDetectableEffect the absolute change to detect, non-zero, with baseline + mde
   *     in (0, 1), e.g. 0.02 for 10% → 12%
   * @param alpha the two-sided significance level, in (0, 1), e.g. 0.05
   * @param power the probability of detecting the change, in (0, 1), e.g. 0.8
   * @return the number of rows in each of the two groups
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static long sampleSizeTwoProportions(
      double baseline, double minimumDetectableEffect, double alpha, double power) {
    Check.argument(
        baseline > 0.0 && baseline < 1.0,
        "%s: baseline is %s; expected a rate in (0, 1), e.g. 0.10 for 10%%",
        SAMPLE_SIZE, baseline);
    double p2 = baseline + minimumDetectableEffect;
    Check.argument(
        minimumDetectableEffect != 0.0 && p2 > 0.0 && p2 < 1.0,
        "%s: minimumDetectableEffect is %s, so the other rate is %s; expected a non-zero absolute "
            + "change that keeps the rate in (0, 1), e.g. 0.02 for 10%% -> 12%%",
        SAMPLE_SIZE, minimumDetectableEffect, p2);
    Check.argument(
        alpha > 0.0 && alpha < 1.0,
        "%s: alpha is %s; expected a significance level in (0, 1), e.g. 0.05",
        SAMPLE_SIZE, alpha);
    Check.argument(
        power > 0.0 && power < 1.0,
        "%s: power is %s; expected a probability in (0, 1), e.g. 0.8",
        SAMPLE_SIZE, power);
    double p1 = baseline;
    double mean = (p1 + p2) / 2;
    double zAlpha = -SpecialFunctions.normalQuantile(alpha / 2);
    double zPower = SpecialFunctions.normalQuantile(power);
    double root =
        zAlpha * Math.sqrt(2 * mean * (1 - mean))
            + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return (long) Math.ceil(root * root / (minimumDetectableEffect * minimumDetectableEffect));
  }

  // ---------------------------------------------------------------- checks

  static void checkTable(String test, long[][] table) {
    Check.notNull(table, test, "table", "a long[][] of counts, one row per group");
    Check.argument(
        table.length >= 2,
        "%s: the table has %d row%s; expected at least 2 (one per group)",
        test, table.length, table.length == 1 ? "" : "s");
    for (int i = 0; i < table.length; i++) {
      Check.argument(table[i] != null, "%s: table row %d is null; expected counts", test, i);
    }
    int c = table[0].length;
    Check.argument(
        c >= 2,
        "%s: the table has %d column%s; expected at least 2 (e.g. converted, not converted)",
        test, c, c == 1 ? "" : "s");
    long[] columns = new long[c];
    for (int i = 0; i < table.length; i++) {
      Check.argument(
          table[i].length == c,
          "%s: table row %d has %d columns but row 0 has %d; expected a rectangular table",
          test, i, table[i].length, c);
      long row = 0;
      for (int j = 0; j < c; j++) {
        Check.argument(
            table[i][j] >= 0,
            "%s: table[%d][%d] is %d; expected counts >= 0",
            test, i, j, table[i][j]);
        row += table[i][j];
        columns[j] += table[i][j];
      }
      Check.argument(
          row > 0,
          "%s: table row %d sums to 0, so its expected counts are 0; expected every row to have "
              + "a count — drop the empty group",
          test, i);
    }
    for (int j = 0; j < c; j++) {
      Check.argument(
          columns[j] > 0,
          "%s: table column %d sums to 0, so its expected counts are 0; expected every column "
              + "to have a count — drop the empty category",
          test, j);
    }
  }

  private static void checkProportions(
      long sA, long nA, long sB, long nB, Alternative alternative) {
    Check.notNull(alternative, TWO_PROPORTION_Z, "alternative", "Alternative.TWO_SIDED, LESS or GREATER");
    Check.argument(
        nA >= 1 && nB >= 1,
        "%s: trials are %d and %d; expected at least 1 in each group",
        TWO_PROPORTION_Z, nA, nB);
    Check.argument(
        sA >= 0 && sA <= nA && sB >= 0 && sB <= nB,
        "%s: successes %d of %d and %d of %d; expected 0 <= successes <= trials in each group",
        TWO_PROPORTION_Z, sA, nA, sB, nB);
  }

  static void checkSamples(String test, double[] a, double[] b, Alternative alternative, int min) {
    Check.notNull(a, test, "a", "a double[] with the first sample");
    Check.notNull(b, test, "b", "a double[] with the second sample");
    Check.notNull(alternative, test, "alternative", "Alternative.TWO_SIDED, LESS or GREATER");
    Check.argument(
        a.length >= min && b.length >= min,
        "%s: the samples have %d and %d values; expected at least %d in each",
        test, a.length, b.length, min);
    if (!test.equals(MANN_WHITNEY)) {
      Check.finite(test, "a", a, "value", "drop the missing observations");
      Check.finite(test, "b", b, "value", "drop the missing observations");
    }
  }

  private static void checkSpread(String test, double se) {
    Check.argument(
        se > 0.0,
        "%s: both samples are constant, so the difference has no standard error; expected some "
            + "spread in at least one sample",
        test);
  }
}
