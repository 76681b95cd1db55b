package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * V10 (scipy.stats.chi2_contingency), V11 (statsmodels proportions_ztest) and V12 (t-, z- and
 * Mann–Whitney tests) of {@code shared/reference/eval_vectors.txt}; "extra" values were
 * computed with the same Debian SciPy 1.10.1 by the call named in the test.
 */
class StatTestsTest {
  private static final double TOL = 1e-12;

  private static final long[][] V10 = {{120, 880}, {150, 850}};
  private static final long[][] V10_THREE = {{30, 70}, {45, 55}, {20, 80}};
  static final double[] V12_A = {12.1, 15.3, 9.8, 11.2, 14.7, 13.3, 10.9, 12.8, 16.1, 11.7, 13.9, 12.4};
  static final double[] V12_B = {13.5, 16.2, 14.1, 12.9, 17.3, 15.8, 13.2, 16.7, 14.9, 15.1};

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class V10Contingency {
    @Test
    void chi2Contingency_logLikelihood_correctionFalse() {
      TestResult g = StatTests.gTest(V10);
      assertEquals(3.8604834300926534, g.statistic(), TOL);
      assertEquals(0.0494360822722314, g.pValue(), TOL);
      assertEquals(1.0, g.degreesOfFreedom().orElseThrow(), 0.0);
      assertEquals("g_test", g.test());
    }

    @Test
    void chi2Contingency_logLikelihood_correctionTrue() {
      TestResult g = StatTests.gTestYates(V10);
      assertEquals(3.6069814929529826, g.statistic(), TOL);
      assertEquals(0.05753746321025986, g.pValue(), TOL);
    }

    @Test
    void chi2Contingency_expectedCounts() {
      double[][] e = Contingency.expected(V10);
      assertEquals(135.0, e[0][0], TOL);
      assertEquals(865.0, e[0][1], TOL);
      assertEquals(135.0, e[1][0], TOL);
      assertEquals(865.0, e[1][1], TOL);
    }

    @Test
    void chi2Contingency_pearson_withAndWithoutYates() {
      TestResult plain = StatTests.chiSquare(V10);
      assertEquals(3.8535645472061657, plain.statistic(), TOL);
      assertEquals(0.049640386865368834, plain.pValue(), TOL);
      TestResult yates = StatTests.chiSquareYates(V10);
      assertEquals(3.6009419824448727, yates.statistic(), TOL);
      assertEquals(0.057746841509689, yates.pValue(), TOL);
    }

    @Test
    void chi2Contingency_logLikelihood_threeVariants_noCorrectionForTwoDof() {
      TestResult g = StatTests.gTest(V10_THREE);
      assertEquals(14.717676081536585, g.statistic(), TOL);
      assertEquals(0.0006369381258595979, g.pValue(), TOL);
      assertEquals(2.0, g.degreesOfFreedom().orElseThrow(), 0.0);
      TestResult yates = StatTests.gTestYates(V10_THREE);
      assertEquals(14.717676081536585, yates.statistic(), TOL);
    }

    @Test
    void extra_chi2Contingency_pearson_threeVariants() {
      TestResult chi = StatTests.chiSquare(V10_THREE);
      assertEquals(14.634146341463415, chi.statistic(), TOL);
      assertEquals(0.0006641030858712745, chi.pValue(), TOL);
    }

    @Test
    void gTest_effect_isCramersVWithoutInterval() {
      Effect v = StatTests.gTest(V10).effect().orElseThrow();
      assertEquals("cramers_v", v.name());
      assertEquals(Math.sqrt(3.8535645472061657 / 2000), v.estimate(), TOL);
      assertTrue(v.interval(0.95).isEmpty());
    }
  }

  @Nested
  class V11Proportions {
    @Test
    void proportionsZtest_pooled_twoSided() {
      TestResult z = StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.TWO_SIDED);
      assertEquals(-1.963049807622355, z.statistic(), TOL);
      assertEquals(0.04964038686536878, z.pValue(), TOL);
      assertEquals(3.8535645472061653, z.statistic() * z.statistic(), TOL);
    }

    @Test
    void proportionsZtest_unpooledWald() {
      TestResult z = StatTests.twoProportionZUnpooled(120, 1000, 150, 1000, Alternative.TWO_SIDED);
      assertEquals(-1.964943729729648, z.statistic(), TOL);
      assertEquals(0.04942075065958091, z.pValue(), TOL);
    }

    @Test
    void proportionsZtest_alternativeSmaller() {
      TestResult z = StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.LESS);
      assertEquals(0.02482019343268439, z.pValue(), TOL);
      TestResult greater = StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.GREATER);
      assertEquals(1 - 0.02482019343268439, greater.pValue(), TOL);
    }

    @Test
    void proportionsZtest_effect_isDifferenceWithWaldInterval() {
      Effect d = StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.TWO_SIDED)
          .effect().orElseThrow();
      assertEquals("proportion_difference", d.name());
      assertEquals(-0.03, d.estimate(), TOL);
      double se = Math.sqrt(0.12 * 0.88 / 1000 + 0.15 * 0.85 / 1000);
      Interval ci = d.interval(0.95).orElseThrow();
      assertEquals(-0.03 - 1.959963984540054 * se, ci.lower(), TOL);
      assertEquals(-0.03 + 1.959963984540054 * se, ci.upper(), TOL);
    }
  }

  @Nested
  class V12Means {
    @Test
    void meansAndVariances_ddof1() {
      assertEquals(12.85, Sums.mean(V12_A), TOL);
      assertEquals(14.969999999999999, Sums.mean(V12_B), TOL);
      assertEquals(3.5645454545454553, Sums.variance(V12_A, 1), TOL);
      assertEquals(2.3312222222222223, Sums.variance(V12_B, 1), TOL);
    }

    @Test
    void ttestInd_equalVarFalse_welch() {
      TestResult t = StatTests.welchT(V12_A, V12_B, Alternative.TWO_SIDED);
      assertEquals(-2.9115834214767893, t.statistic(), TOL);
      assertEquals(0.008630483080771464, t.pValue(), TOL);
      assertEquals(19.99145423999538, t.degreesOfFreedom().orElseThrow(), TOL);
    }

    @Test
    void compareMeansZtestInd_unequal() {
      TestResult z = StatTests.zTestMeans(V12_A, V12_B, Alternative.TWO_SIDED);
      assertEquals(-2.9115834214767893, z.statistic(), TOL);
      assertEquals(0.0035960186917175004, z.pValue(), TOL);
    }

    @Test
    void ztest_pooled() {
      TestResult z = StatTests.zTestMeansPooled(V12_A, V12_B, Alternative.TWO_SIDED);
      assertEquals(-2.854068300974521, z.statistic(), TOL);
      assertEquals(0.004316325038793486, z.pValue(), TOL);
    }

    @Test
    void ttestInd_student() {
      TestResult t = StatTests.studentT(V12_A, V12_B, Alternative.TWO_SIDED);
      assertEquals(-2.854068300974521, t.statistic(), TOL);
      assertEquals(0.00980791833778317, t.pValue(), TOL);
      assertEquals(20.0, t.degreesOfFreedom().orElseThrow(), 0.0);
    }

    @Test
    void mannwhitneyu_auto_isAsymptoticForTwelveAndTen() {
      // SciPy 1.10 'auto' is exact only if a sample has <= 8 values: here it is the normal
      // approximation with continuity correction (exact would give 0.01115293375355295).
      TestResult u = StatTests.mannWhitneyU(V12_A, V12_B, Alternative.TWO_SIDED);
      assertEquals(22.0, u.statistic(), TOL);
      assertEquals(0.013410537144510933, u.pValue(), TOL);
    }

    @Test
    void extra_mannwhitneyu_exactAndOneSided() {
      assertEquals(
          0.01115293375355295,
          StatTests.mannWhitneyU(V12_A, V12_B, Alternative.TWO_SIDED, PValueMethod.EXACT).pValue(),
          TOL);
      assertEquals(
          0.0067052685722554664,
          StatTests.mannWhitneyU(V12_A, V12_B, Alternative.LESS).pValue(),
          TOL);
      assertEquals(
          0.994435386192996, StatTests.mannWhitneyU(V12_A, V12_B, Alternative.GREATER).pValue(), TOL);
    }

    @Test
    void extra_mannwhitneyu_autoExactForSmallSample() {
      double[] a = {1.5, 2.5, 7, 9.1};
      double[] b = {3, 4, 5, 6, 8, 10, 11};
      TestResult u = StatTests.mannWhitneyU(a, b, Alternative.TWO_SIDED);
      assertEquals(9.0, u.statistic(), TOL);
      assertEquals(0.4121212121212121, u.pValue(), TOL);
      assertEquals(0.20606060606060606, StatTests.mannWhitneyU(a, b, Alternative.LESS).pValue(), TOL);
    }

    @Test
    void extra_mannwhitneyu_smallWithTies_isAsymptotic() {
      TestResult u =
          StatTests.mannWhitneyU(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4, 5}, Alternative.TWO_SIDED);
      assertEquals(0.1366582477381475, u.pValue(), TOL);
    }

    @Test
    void mannwhitneyu_effect_isUOverProductOfSizes() {
      Effect e = StatTests.mannWhitneyU(V12_A, V12_B, Alternative.TWO_SIDED).effect().orElseThrow();
      assertEquals("common_language_effect_size", e.name());
      assertEquals(22.0 / 120, e.estimate(), TOL);
    }

    @Test
    void extra_ttestInd_welch_alternativeLess() {
      assertEquals(
          0.004315241540385732, StatTests.welchT(V12_A, V12_B, Alternative.LESS).pValue(), TOL);
    }

    @Test
    void welchT_effectInterval_isWelchInterval() {
      TestResult t = StatTests.welchT(V12_A, V12_B, Alternative.TWO_SIDED);
      Effect e = t.effect().orElseThrow();
      assertEquals(12.85 - 14.969999999999999, e.estimate(), TOL);
      double q = SpecialFunctions.studentTQuantile(0.975, 19.99145423999538);
      Interval ci = e.interval(0.95).orElseThrow();
      assertEquals(e.estimate() - q * e.standardError(), ci.lower(), TOL);
      assertTrue(ci.upper() < 0, "the 95% interval excludes 0 as p < 0.05: " + ci);
    }
  }

  @Nested
  class SampleSize {
    /** Cross-checked by the same formula with scipy.stats.norm.isf/ppf: 3840.85 -> 3841. */
    @Test
    void sampleSizeTwoProportions_tenToTwelvePercent() {
      assertEquals(3841, StatTests.sampleSizeTwoProportions(0.10, 0.02, 0.05, 0.8));
    }

    @Test
    void sampleSizeTwoProportions_decreaseAndStricterAlpha() {
      assertEquals(2966, StatTests.sampleSizeTwoProportions(0.5, -0.05, 0.01, 0.9));
      assertEquals(19743, StatTests.sampleSizeTwoProportions(0.03, 0.005, 0.05, 0.8));
    }

    @Test
    void sampleSizeTwoProportions_rateOutOfRange_saysKeepInUnitInterval() {
      assertMessage(
          "sample_size: minimumDetectableEffect is 0.2, so the other rate is 1.1; "
              + "expected a non-zero absolute change that keeps the rate in (0, 1), e.g. 0.02 for "
              + "10% -> 12%",
          () -> StatTests.sampleSizeTwoProportions(0.9, 0.2, 0.05, 0.8));
    }
  }

  @Nested
  class Errors {
    @Test
    void gTest_oneRow_saysOneRowPerGroup() {
      assertMessage(
          "g_test: the table has 1 row; expected at least 2 (one per group)",
          () -> StatTests.gTest(new long[][] {{1, 2}}));
    }

    @Test
    void gTest_emptyColumn_saysDropTheCategory() {
      assertMessage(
          "g_test: table column 1 sums to 0, so its expected counts are 0; expected every column "
              + "to have a count — drop the empty category",
          () -> StatTests.gTest(new long[][] {{1, 0}, {2, 0}}));
    }

    @Test
    void chiSquare_raggedTable_saysRectangular() {
      assertMessage(
          "chi_square: table row 1 has 3 columns but row 0 has 2; expected a rectangular table",
          () -> StatTests.chiSquare(new long[][] {{1, 2}, {1, 2, 3}}));
    }

    @Test
    void chiSquare_negativeCount_namesTheCell() {
      assertMessage(
          "chi_square: table[1][0] is -3; expected counts >= 0",
          () -> StatTests.chiSquare(new long[][] {{1, 2}, {-3, 4}}));
    }

    @Test
    void twoProportionZ_moreSuccessesThanTrials_saysTheRange() {
      assertMessage(
          "two_proportion_z: successes 12 of 10 and 3 of 10; expected 0 <= successes <= trials in "
              + "each group",
          () -> StatTests.twoProportionZ(12, 10, 3, 10, Alternative.TWO_SIDED));
    }

    @Test
    void welchT_nanValue_namesTheRow() {
      assertMessage(
          "welch_t: b[1] is NaN; expected a finite value in every row — drop the missing observations",
          () -> StatTests.welchT(new double[] {1, 2}, new double[] {1, Double.NaN}, Alternative.TWO_SIDED));
    }

    @Test
    void welchT_oneValue_saysAtLeastTwo() {
      assertMessage(
          "welch_t: the samples have 1 and 3 values; expected at least 2 in each",
          () -> StatTests.welchT(new double[] {1}, new double[] {1, 2, 3}, Alternative.TWO_SIDED));
    }

    @Test
    void studentT_constantSamples_saysNoSpread() {
      assertMessage(
          "student_t: both samples are constant, so the difference has no standard error; "
              + "expected some spread in at least one sample",
          () -> StatTests.studentT(new double[] {1, 1}, new double[] {2, 2}, Alternative.TWO_SIDED));
    }

    @Test
    void mannWhitneyU_exactWithTies_saysUseAsymptotic() {
      assertMessage(
          "mann_whitney_u: the samples have tied values, which the exact distribution does not "
              + "allow; expected distinct values — use PValueMethod.ASYMPTOTIC or AUTO",
          () ->
              StatTests.mannWhitneyU(
                  new double[] {1, 2}, new double[] {2, 3}, Alternative.TWO_SIDED, PValueMethod.EXACT));
    }

    @Test
    void mannWhitneyU_empty_saysAtLeastOne() {
      assertMessage(
          "mann_whitney_u: the samples have 0 and 2 values; expected at least 1 in each",
          () -> StatTests.mannWhitneyU(new double[0], new double[] {2, 3}, Alternative.TWO_SIDED));
    }
  }
}
