package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * V14–V17 and V19 of {@code shared/reference/eval_vectors.txt} (SciPy 1.10.1, NumPy 1.24.2,
 * Evidently's PSI rule); "extra" values were computed with the same Debian SciPy and NumPy by
 * the call named in the test (Evidently's {@code get_binned_data} reproduced with NumPy, as
 * Evidently is not installed here).
 */
class DriftTest {
  private static final double TOL = 1e-12;

  private static final Histogram V14_REF = Histogram.of(0.1, 0.2, 0.3, 0.4);
  private static final Histogram V14_CUR = Histogram.of(0.15, 0.25, 0.25, 0.35);

  static final double[] V15_REF = {
    0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37,
    1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47
  };
  static final double[] V15_CUR = {
    1.21, 0.74, 1.96, 0.33, 1.52, 0.08, 2.41, 0.87, 1.13, -0.29, 1.68, 0.55, 1.02, 2.05, 0.41,
    1.37, -0.52, 0.96, 1.81, 0.62
  };

  private static final Histogram V17_REF = Histogram.of(500, 300, 200);
  private static final Histogram V17_CUR = Histogram.of(220, 160, 120);

  // extra: rng = np.random.default_rng(5); np.round(rng.normal(0, 1, 40), 2), then (0.6, 1.2, 32)
  private static final double[] EXTRA_REF = {
    -0.8, -1.32, -0.25, 0.42, 1.14, 0.11, -0.55, -0.78, 0.75, 1.63, 0.27, -1.23, -0.96, 1.6, 0.2,
    -1.73, -0.08, -1.16, -0.63, -0.49, -0.71, 0.55, -0.06, -0.59, 0.41, 0.83, -1.64, -0.26, -0.98,
    -0.17, -1.29, 0.02, -0.04, -0.3, -1.05, -0.4, -1.09, -1.36, 0.22, -1.11
  };
  private static final double[] EXTRA_CUR = {
    2.0, 1.46, -1.8, 0.93, -0.72, 0.64, 0.65, -1.79, 0.32, 0.29, 1.75, -0.82, 1.49, -0.72, 0.2,
    -0.41, 2.34, 1.28, 3.52, 1.37, 1.61, 1.61, -0.13, 0.52, 2.22, 0.12, 0.83, 0.57, 1.33, 0.16,
    0.42, 0.89
  };

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class V14Psi {
    @Test
    void psi_shares() {
      assertEquals(0.04722308044204257, Drift.psi(V14_REF, V14_CUR), TOL);
    }

    @Test
    void psi_equalsSymmetricKl_relEntr() {
      assertEquals(0.047223080442042584, Drift.psi(V14_REF, V14_CUR), TOL);
    }

    @Test
    void psi_emptyCurrentBin_evidentlyZeroFill() {
      assertEquals(
          0.3454695394735193,
          Drift.psi(Histogram.of(100, 250, 400, 200, 50), Histogram.of(80, 200, 380, 260, 0)),
          TOL);
    }

    @Test
    void extra_psi_rawSamples_sturgesBinsOverBoth() {
      // np.histogram_bin_edges(concat, bins='sturges') -> 8 bins, two empty in reference
      assertEquals(1.5397118132122105, Drift.psi(EXTRA_REF, EXTRA_CUR), TOL);
    }

    @Test
    void extra_psi_rawSamples_fewValues_oneBinPerValue() {
      double[] ref = {1, 2, 2, 3, 3, 3, 4, 4, 4, 4};
      double[] cur = {1, 1, 2, 3, 5, 5};
      assertEquals(6.3852645675939605, Drift.psi(ref, cur), TOL);
    }
  }

  @Nested
  class V15Ks {
    @Test
    void ks2samp_auto_isExact() {
      TestResult ks = Drift.ks(V15_REF, V15_CUR);
      assertEquals(0.38, ks.statistic(), TOL);
      assertEquals(0.06219000346274806, ks.pValue(), TOL);
    }

    @Test
    void ks2samp_methodExact() {
      TestResult ks = Drift.ks(V15_REF, V15_CUR, PValueMethod.EXACT);
      assertEquals(0.38, ks.statistic(), TOL);
      assertEquals(0.06219000346274806, ks.pValue(), TOL);
    }

    @Test
    void ks2samp_methodAsymp() {
      TestResult ks = Drift.ks(V15_REF, V15_CUR, PValueMethod.ASYMPTOTIC);
      assertEquals(0.38000000000000006, ks.statistic(), TOL);
      assertEquals(0.06161367755015912, ks.pValue(), TOL);
    }

    @Test
    void ks2samp_ties() {
      TestResult ks = Drift.ks(new double[] {1, 2, 2, 3}, new double[] {2, 2, 3, 4});
      assertEquals(0.25, ks.statistic(), TOL);
      assertEquals(1.0, ks.pValue(), TOL);
    }

    @Test
    void extra_ks2samp_fortyAgainstThirtyTwo() {
      TestResult ks = Drift.ks(EXTRA_REF, EXTRA_CUR);
      assertEquals(0.50625, ks.statistic(), TOL);
      assertEquals(0.00011578345189349594, ks.pValue(), TOL);
      assertEquals(
          8.469696691321367e-05, Drift.ks(EXTRA_REF, EXTRA_CUR, PValueMethod.ASYMPTOTIC).pValue(), TOL);
    }

    @Test
    void extra_ks2samp_equalSizes_usesTheSquareFormula() {
      double[] ref = java.util.Arrays.copyOf(EXTRA_REF, 32);
      TestResult ks = Drift.ks(ref, EXTRA_CUR);
      assertEquals(0.46875, ks.statistic(), TOL);
      assertEquals(0.0015053497817310642, ks.pValue(), TOL);
    }

    @Test
    void kstwoSf_branches_matchScipy() {
      // scipy.stats.kstwo.sf(x, n): Pomeranz, Durbin matrix, Pelz-Good, Smirnov and the
      // Ruben-Gambino ends.
      assertEquals(0.06161367755015912, Kolmogorov.sf(11, 0.38000000000000006), TOL);
      assertEquals(0.9999931642574725, Kolmogorov.sf(11, 0.08), TOL);
      assertEquals(2.57169999569793E-4, Kolmogorov.sf(11, 0.6), TOL);
      assertEquals(0.9988, Kolmogorov.sf(5, 0.15), TOL);
      assertEquals(0.11353657290090946, Kolmogorov.sf(140, 0.1), TOL);
      assertEquals(0.15866260223815365, Kolmogorov.sf(500, 0.05), TOL);
      assertEquals(0.3226902143914636, Kolmogorov.sf(1000, 0.03), TOL);
      assertEquals(0.6974088406327613, Kolmogorov.sf(20000, 0.005), TOL);
      assertEquals(0.03638603905248727, Kolmogorov.sf(20000, 0.01), TOL);
      assertEquals(0.39995085369038097, Kolmogorov.sf(200000, 0.002), TOL);
      assertEquals(4.392853499119748E-12, Kolmogorov.sf(50, 0.5), TOL);
    }
  }

  @Nested
  class V16Wasserstein {
    @Test
    void wassersteinDistance() {
      assertEquals(0.7791, Drift.wasserstein(V15_REF, V15_CUR), TOL);
    }

    @Test
    void wassersteinNormed_evidently() {
      assertEquals(1.0890835780600128, Math.sqrt(Sums.variance(V15_REF, 0)), TOL);
      assertEquals(0.7153720942040213, Drift.wassersteinNormed(V15_REF, V15_CUR), TOL);
    }

    @Test
    void wassersteinDistance_shiftedByFive() {
      assertEquals(5.0, Drift.wasserstein(new double[] {0, 1, 3}, new double[] {5, 6, 8}), TOL);
    }

    @Test
    void wassersteinDistance_weighted() {
      assertEquals(
          7.5,
          Drift.wasserstein(
              new double[] {0, 10}, new double[] {0.5, 0.5}, new double[] {5, 15},
              new double[] {0.25, 0.75}),
          TOL);
    }

    @Test
    void extra_wassersteinDistance() {
      assertEquals(1.0354375, Drift.wasserstein(EXTRA_REF, EXTRA_CUR), TOL);
    }
  }

  @Nested
  class V17Histograms {
    @Test
    void jensenshannon_naturalAndBase2() {
      assertEquals(0.07668497816148621, Drift.jensenShannon(V14_REF, V14_CUR), TOL);
      assertEquals(0.09210804568706063, Drift.jensenShannon(V14_REF, V14_CUR, 2.0), TOL);
    }

    @Test
    void chisquare_currentAgainstScaledReference() {
      TestResult chi = Drift.chiSquare(V17_REF, V17_CUR);
      assertEquals(8.266666666666666, chi.statistic(), TOL);
      assertEquals(0.016029358476645585, chi.pValue(), TOL);
    }

    @Test
    void chi2Contingency_referenceAndCurrentRows() {
      TestResult chi = Drift.chiSquareContingency(V17_REF, V17_CUR);
      assertEquals(5.434782608695652, chi.statistic(), TOL);
      assertEquals(0.06604682595540484, chi.pValue(), TOL);
    }

    @Test
    void powerDivergence_logLikelihood() {
      TestResult g = Drift.gTest(V17_REF, V17_CUR);
      assertEquals(8.162816930222526, g.statistic(), TOL);
      assertEquals(0.016883668839638006, g.pValue(), TOL);
    }

    @Test
    void hellinger() {
      assertEquals(0.04506365851766996, Drift.hellinger(V17_REF, V17_CUR), TOL);
    }

    @Test
    void lInfinity() {
      assertEquals(0.06, Drift.lInfinity(V17_REF, V17_CUR), TOL);
    }

    @Test
    void totalVariation() {
      assertEquals(0.06, Drift.totalVariation(V17_REF, V17_CUR), TOL);
    }
  }

  @Nested
  class V19Monitoring {
    private final double[] predictions = {0.2, 0.4, Double.NaN, 0.9, 0.1, 0.7, Double.NaN, 0.3};
    private final double[] labels = {0, 1, 1, 1, 0, 1, 0, 0};
    private final double[] latency = {12, 15, 11, 230, 14, 13, 19, 16, 12, 400};

    @Test
    void nanShare() {
      assertEquals(0.25, Drift.nanShare(predictions), TOL);
    }

    @Test
    void predictionBias_overNonNanRows() {
      assertEquals(-0.06666666666666671, Drift.predictionBias(predictions, labels), TOL);
    }

    @Test
    void percentile_linear_p50p90p95p99() {
      assertEquals(14.5, Drift.percentile(latency, 50, QuantileMethod.LINEAR), TOL);
      assertEquals(246.99999999999994, Drift.percentile(latency, 90, QuantileMethod.LINEAR), TOL);
      assertEquals(323.49999999999983, Drift.percentile(latency, 95, QuantileMethod.LINEAR), TOL);
      assertEquals(384.70000000000005, Drift.percentile(latency, 99, QuantileMethod.LINEAR), TOL);
    }

    @Test
    void percentile_higherAndInvertedCdf_p95() {
      assertEquals(400.0, Drift.percentile(latency, 95, QuantileMethod.HIGHER), TOL);
      assertEquals(400.0, Drift.percentile(latency, 95, QuantileMethod.INVERTED_CDF), TOL);
    }

    @Test
    void percentile_invertedCdf_wholeRankTakesThatObservation() {
      // np.percentile(latency, 50, method='inverted_cdf') = 14.0 (n*q - 1 = 4, whole)
      assertEquals(14.0, Drift.percentile(latency, 50, QuantileMethod.INVERTED_CDF), TOL);
      assertEquals(11.0, Drift.percentile(latency, 0, QuantileMethod.INVERTED_CDF), TOL);
    }
  }

  @Nested
  class Errors {
    @Test
    void ks_emptyCurrent_saysNonEmptyWindows() {
      assertMessage(
          "ks_2samp: the samples have 2 and 0 values; expected at least one in each — compare "
              + "non-empty windows",
          () -> Drift.ks(new double[] {1, 2}, new double[0]));
    }

    @Test
    void ks_nan_pointsToNanShare() {
      assertMessage(
          "ks_2samp: current[1] is NaN; expected numbers — drop the missing values (track them "
              + "with Drift.nanShare)",
          () -> Drift.ks(new double[] {1, 2}, new double[] {1, Double.NaN}));
    }

    @Test
    void psi_differentBins_saysSameBins() {
      assertMessage(
          "psi: reference has 3 bins but current has 2; expected the same bins in the same order "
              + "— bin both samples with the same edges or categories",
          () -> Drift.psi(Histogram.of(1, 2, 3), Histogram.of(1, 2)));
    }

    @Test
    void chiSquare_emptyReferenceCategory_saysMerge() {
      assertMessage(
          "chi_square_gof: reference bin 1 is 0, so its expected count is 0; expected every "
              + "reference category to occur — merge rare categories",
          () -> Drift.chiSquare(Histogram.of(5, 0, 3), Histogram.of(1, 2, 3)));
    }

    @Test
    void histogram_negativeCount_namesTheBin() {
      assertMessage(
          "Histogram: bin 2 has count -1.0; expected a finite count >= 0",
          () -> Histogram.of(1, 2, -1));
    }

    @Test
    void histogram_allZero_saysPositiveTotal() {
      assertMessage(
          "Histogram: every bin is 0; expected a positive total — a histogram of no rows has no "
              + "shares",
          () -> Histogram.of(0, 0));
    }

    @Test
    void percentile_outOfRange_saysPercent() {
      assertMessage(
          "percentile: q is 101.0; expected a percentile in [0, 100], e.g. 95",
          () -> Drift.percentile(new double[] {1, 2}, 101, QuantileMethod.LINEAR));
    }

    @Test
    void predictionBias_noLabelledRow_saysWaitForLabels() {
      assertMessage(
          "prediction_bias: no row has both a prediction and a label; expected at least one — "
              + "wait for labels or check the join",
          () -> Drift.predictionBias(new double[] {0.3, Double.NaN}, new double[] {Double.NaN, 1}));
    }

    @Test
    void wasserstein_infinite_saysDropIt() {
      assertMessage(
          "wasserstein_distance: reference[0] is Infinity; expected a finite value in every row — "
              + "drop the infinite values",
          () -> Drift.wasserstein(new double[] {Double.POSITIVE_INFINITY}, new double[] {1}));
    }
  }
}
