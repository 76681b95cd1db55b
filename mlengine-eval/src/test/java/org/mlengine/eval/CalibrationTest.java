package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * V7 (calibration_curve), V8 (isotonic regression) and V9 (Platt scaling) of
 * {@code shared/reference/eval_vectors.txt} (scikit-learn 1.2.1); "extra" values were computed
 * with the same Debian scikit-learn 1.2.1 by the call named in the test.
 */
class CalibrationTest {
  private static final double TOL = 1e-12;
  private static final double PLATT_TOL = 1e-6;

  private static final int[] V7_Y = {0, 0, 1, 1, 1, 0, 1, 0, 1, 1};
  private static final double[] V7_P = {0.1, 0.3, 0.35, 0.6, 0.65, 0.7, 0.8, 0.2, 0.9, 0.55};

  private static final double[] V8_X = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final double[] V8_Y = {1, 3, 2, 4, 3.5, 6, 5, 7};

  private static final double[] V9_F = {-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0};
  private static final int[] V9_Y = {0, 0, 1, 0, 0, 1, 0, 1, 1, 1};

  private static void assertList(List<Double> expected, List<Double> actual, double tol) {
    assertEquals(expected.size(), actual.size(), "size of " + actual);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), tol, "entry " + i + " of " + actual);
    }
  }

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Nested
  class V7ReliabilityCurve {
    @Test
    void calibrationCurve_threeUniformBins() {
      ReliabilityCurve c = Calibration.reliabilityCurve(V7_Y, V7_P, 3, Binning.UNIFORM);
      assertList(List.of(0.0, 1.0, 0.6666666666666666), c.probTrue(), TOL);
      assertList(List.of(0.20000000000000004, 0.5375000000000001, 0.7999999999999999), c.probPred(), TOL);
      assertEquals(List.of(3L, 4L, 3L), c.counts());
    }

    @Test
    void calibrationCurve_threeQuantileBins() {
      ReliabilityCurve c = Calibration.reliabilityCurve(V7_Y, V7_P, 3, Binning.QUANTILE);
      assertList(List.of(0.0, 1.0, 0.75), c.probTrue(), TOL);
      assertList(List.of(0.20000000000000004, 0.5, 0.7625000000000001), c.probPred(), TOL);
    }

    @Test
    void extra_calibrationCurve_tenUniformBins_dropsEmptyBins() {
      ReliabilityCurve c = Calibration.reliabilityCurve(V7_Y, V7_P, 10, Binning.UNIFORM);
      assertList(List.of(0.0, 0.0, 0.0, 1.0, 1.0, 0.5, 1.0, 1.0), c.probTrue(), TOL);
      assertList(List.of(0.1, 0.2, 0.3, 0.35, 0.575, 0.675, 0.8, 0.9), c.probPred(), TOL);
    }

    @Test
    void expectedCalibrationError_tenUniformBins_isCountWeightedGap() {
      // extra: sum(bincount * |prob_true - prob_pred|) / n over calibration_curve(n_bins=10)
      assertEquals(
          0.275, Calibration.expectedCalibrationError(V7_Y, V7_P, 10, Binning.UNIFORM), TOL);
    }

    @Test
    void expectedCalibrationError_perfectlyCalibratedBins_isZero() {
      int[] y = {0, 1, 0, 1};
      double[] p = {0.5, 0.5, 0.5, 0.5};
      assertEquals(0.0, Calibration.expectedCalibrationError(y, p, 10, Binning.UNIFORM), TOL);
    }
  }

  @Nested
  class V8Isotonic {
    @Test
    void isotonicRegressionFit_clip_thresholdsAndPredictions() {
      IsotonicCalibrator iso = Calibration.isotonic(V8_X, V8_Y);
      assertList(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), iso.xs(), TOL);
      assertList(List.of(1.0, 2.5, 2.5, 3.75, 3.75, 5.5, 5.5, 7.0), iso.ys(), TOL);
      double[] at = {0, 2.5, 4.75, 9};
      double[] expected = {1.0, 2.5, 3.75, 7.0};
      for (int i = 0; i < at.length; i++) {
        assertEquals(expected[i], iso.apply(at[i]), TOL, "predict(" + at[i] + ")");
      }
      for (int i = 0; i < V8_X.length; i++) {
        assertEquals(iso.ys().get(i), iso.apply(V8_X[i]), TOL);
      }
    }

    @Test
    void isotonicRegression_increasingDecreasingWeighted() {
      assertArrayEquals(
          new double[] {1.0, 2.5, 2.5, 3.75, 3.75, 5.5, 5.5, 7.0},
          Calibration.isotonicRegression(V8_Y), TOL);
      double[] down = new double[8];
      java.util.Arrays.fill(down, 3.9375);
      assertArrayEquals(
          down,
          Calibration.isotonicRegression(V8_Y, null, IsotonicOptions.nonIncreasing()), TOL);
      assertArrayEquals(
          new double[] {1.0, 2.5, 2.5, 3.625, 3.625, 5.5, 5.5, 7.0},
          Calibration.isotonicRegression(
              V8_Y, new double[] {1, 1, 1, 1, 3, 1, 1, 1}, IsotonicOptions.nonDecreasing()),
          TOL);
    }

    @Test
    void isotonicRegressionFit_tiedX_averagesTiesFirst() {
      IsotonicCalibrator iso =
          Calibration.isotonic(new double[] {1, 1, 2, 3, 3, 4}, new double[] {1, 0, 2, 3, 1, 2.5});
      double[] expected = {0.5, 2.0, 2.0, 2.5};
      for (int x = 1; x <= 4; x++) {
        assertEquals(expected[x - 1], iso.apply(x), TOL, "predict(" + x + ")");
      }
    }

    @Test
    void isotonicRegressionFit_yMinYMax_clipsFittedValues() {
      IsotonicCalibrator iso =
          Calibration.isotonic(
              V8_X, V8_Y, null, IsotonicOptions.nonDecreasing().withBounds(0.5, 2.5)
                  .withOutOfBounds(OutOfBounds.NAN));
      double[] expected = {1.0, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5};
      for (int i = 0; i < V8_X.length; i++) {
        assertEquals(expected[i], iso.apply(V8_X[i]), TOL);
      }
      // Trimmed: only the knots where y changes remain.
      assertList(List.of(1.0, 2.0, 8.0), iso.xs(), TOL);
    }

    @Test
    void isotonicRegressionFit_defaultOutOfBoundsNan_predictsNanOutside() {
      IsotonicCalibrator iso = Calibration.isotonic(V8_X, V8_Y).withOutOfBounds(OutOfBounds.NAN);
      assertTrue(Double.isNaN(iso.apply(9)));
      assertEquals(7.0, iso.apply(8), TOL);
    }

    @Test
    void isotonicRegressionFit_outOfBoundsRaise_saysTheRange() {
      IsotonicCalibrator iso = Calibration.isotonic(V8_X, V8_Y).withOutOfBounds(OutOfBounds.RAISE);
      assertMessage(
          "IsotonicCalibrator: x = 9.0 is outside the fitted range [1.0, 8.0]; expected a score "
              + "in range — use withOutOfBounds(OutOfBounds.CLIP) to clip",
          () -> iso.apply(9));
    }

    @Test
    void extra_isotonicRegressionFit_decreasing_collapsesToTwoKnots() {
      // IsotonicRegression(increasing=False).fit(x, y): X_thresholds_ [1, 8], y [3.9375, 3.9375]
      IsotonicCalibrator iso = Calibration.isotonic(V8_X, V8_Y, null, IsotonicOptions.nonIncreasing());
      assertList(List.of(1.0, 8.0), iso.xs(), TOL);
      assertList(List.of(3.9375, 3.9375), iso.ys(), TOL);
    }

    @Test
    void extra_isotonicRegressionFit_zeroWeightDropsRow() {
      // IsotonicRegression(out_of_bounds='clip').fit(x, y, sample_weight=[1,1,1,1,3,1,1,0])
      IsotonicCalibrator iso =
          Calibration.isotonic(
              V8_X, V8_Y, new double[] {1, 1, 1, 1, 3, 1, 1, 0}, IsotonicOptions.nonDecreasing());
      assertList(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), iso.xs(), TOL);
      assertList(List.of(1.0, 2.5, 2.5, 3.625, 3.625, 5.5, 5.5), iso.ys(), TOL);
      assertEquals(5.5, iso.apply(7.5), TOL);
    }
  }

  @Nested
  class V9Platt {
    @Test
    void sigmoidCalibration_matchesSklearnBfgsWithin1e6() {
      PlattCalibrator platt = Calibration.platt(V9_F, V9_Y);
      assertEquals(-0.6370415762649078, platt.a(), PLATT_TOL);
      assertEquals(0.18108610123195637, platt.b(), PLATT_TOL);
    }

    @Test
    void sigmoidCalibration_smoothedTargets() {
      double[] t = Platt.targets(5, 5);
      assertEquals(0.8571428571428571, t[0], TOL);
      assertEquals(0.14285714285714285, t[1], TOL);
    }

    @Test
    void sigmoidCalibration_reachesTheTightOptimum() {
      // V9 "tight optimum" (scipy BFGS to gtol 1e-13) and the objective there.
      PlattCalibrator platt = Calibration.platt(V9_F, V9_Y);
      assertEquals(-0.6370415216502672, platt.a(), 1e-9);
      assertEquals(0.1810860858500594, platt.b(), 1e-9);
      double[] t = new double[V9_Y.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = V9_Y[i] == 1 ? 6.0 / 7.0 : 1.0 / 7.0;
      }
      assertEquals(5.9767263191590185, Platt.objective(V9_F, t, null, platt.a(), platt.b()), TOL);
    }

    @Test
    void sigmoidCalibrationPredict_matchesV9Probabilities() {
      PlattCalibrator platt = Calibration.platt(V9_F, V9_Y);
      double[] expected = {
        0.18920728741122475, 0.24293623804937697, 0.30616124646692405, 0.3776330557031368,
        0.45485178300536305, 0.5343046922920803, 0.6120542649395817, 0.6844884029368368,
        0.7489456656790483, 0.8494173610761274
      };
      for (int i = 0; i < V9_F.length; i++) {
        assertEquals(expected[i], platt.apply(V9_F[i]), PLATT_TOL);
      }
      // With sklearn's own a_, b_ the formula reproduces the probabilities exactly.
      PlattCalibrator sklearn = new PlattCalibrator(-0.6370415762649078, 0.18108610123195637);
      for (int i = 0; i < V9_F.length; i++) {
        assertEquals(expected[i], sklearn.apply(V9_F[i]), TOL);
      }
    }

    @Test
    void extra_sigmoidCalibration_sampleWeight() {
      // _sigmoid_calibration(F, y, sample_weight=[1,2,1,1,0.5,1,1,3,1,2])
      PlattCalibrator platt =
          Calibration.platt(V9_F, V9_Y, new double[] {1, 2, 1, 1, 0.5, 1, 1, 3, 1, 2});
      assertEquals(-0.8220231510022045, platt.a(), PLATT_TOL);
      assertEquals(-0.028306308825449256, platt.b(), PLATT_TOL);
    }

    @Test
    void apply_extremeDecisions_staysInUnitInterval() {
      PlattCalibrator platt = new PlattCalibrator(-2.0, 0.0);
      assertEquals(1.0, platt.apply(1e6), TOL);
      assertEquals(0.0, platt.apply(-1e6), TOL);
    }
  }

  @Nested
  class Errors {
    @Test
    void platt_labelNotBinary_saysRecode() {
      assertMessage(
          "platt: y01[1] is 2; expected 0 or 1 (1 = positive) — recode the positive class as 1, "
              + "the rest as 0",
          () -> Calibration.platt(new double[] {0.1, 0.2}, new int[] {0, 2}));
    }

    @Test
    void platt_nanDecision_namesTheRow() {
      assertMessage(
          "platt: decision[0] is NaN; expected a finite decision value in every row — drop or "
              + "impute the rows the model could not score",
          () -> Calibration.platt(new double[] {Double.NaN, 0.2}, new int[] {0, 1}));
    }

    @Test
    void isotonic_lengthMismatch_saysBothLengths() {
      assertMessage(
          "isotonic: x has 2 rows but y has 1; expected one of each per row — pass x and y for "
              + "the same rows",
          () -> Calibration.isotonic(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void isotonic_empty_saysNoRows() {
      assertMessage(
          "isotonic: no rows to evaluate; expected at least one row — evaluate on a non-empty "
              + "held-out part",
          () -> Calibration.isotonic(new double[0], new double[0]));
    }

    @Test
    void isotonic_negativeWeight_namesTheRow() {
      assertMessage(
          "isotonic: sampleWeight[1] is -1.0; expected a finite weight >= 0 in every row — give "
              + "every row a non-negative weight (0 drops the row)",
          () ->
              Calibration.isotonic(
                  new double[] {1, 2}, new double[] {1, 2}, new double[] {1, -1},
                  IsotonicOptions.nonDecreasing()));
    }

    @Test
    void reliabilityCurve_probabilityAboveOne_saysPassProbabilities() {
      assertMessage(
          "reliability_curve: pPositive[1] is 1.5; expected a probability in [0, 1] — pass "
              + "predicted probabilities, not decision scores",
          () -> Calibration.reliabilityCurve(new int[] {0, 1}, new double[] {0.2, 1.5}, 5, Binning.UNIFORM));
    }

    @Test
    void expectedCalibrationError_zeroBins_saysAtLeastOne() {
      assertMessage(
          "expected_calibration_error: bins is 0; expected at least 1 — 10 is the usual choice",
          () ->
              Calibration.expectedCalibrationError(
                  new int[] {0, 1}, new double[] {0.2, 0.5}, 0, Binning.QUANTILE));
    }

    @Test
    void isotonicCalibrator_notIncreasing_saysStrictlyIncreasing() {
      assertMessage(
          "IsotonicCalibrator: xs[1] = 1.0 is not above xs[0] = 1.0; expected strictly increasing xs",
          () -> new IsotonicCalibrator(List.of(1.0, 1.0), List.of(0.2, 0.3), OutOfBounds.CLIP));
    }

    @Test
    void plattCalibrator_nanParameter_saysRefit() {
      assertMessage(
          "PlattCalibrator: a = NaN, b = 0.0; expected finite numbers — refit with "
              + "Calibration.platt(...)",
          () -> new PlattCalibrator(Double.NaN, 0.0));
    }
  }
}
