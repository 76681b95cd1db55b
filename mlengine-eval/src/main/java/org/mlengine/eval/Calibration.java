package org.mlengine.eval;

import org.mlengine.runtime.CalibrationMap;
import org.mlengine.core.spi.Calibrator;

/**
 * Probability calibration as scikit-learn 1.2 computes it: fit a Platt sigmoid or an isotonic
 * map (immutable calibrators with {@code apply(double)}), and measure calibration with a
 * reliability curve and the expected calibration error.
 *
 * <pre>{@code
 * // Fit on held-out decision values (or uncalibrated probabilities) and 0/1 labels.
 * PlattCalibrator platt = Calibration.platt(scores, labels);     // sklearn _sigmoid_calibration
 * IsotonicCalibrator iso = Calibration.isotonic(scores, labels01AsDouble);
 * double p = platt.apply(0.3);
 *
 * // How calibrated are probabilities?
 * ReliabilityCurve curve = Calibration.reliabilityCurve(labels, probabilities, 10, Binning.UNIFORM);
 * double ece = Calibration.expectedCalibrationError(labels, probabilities, 10, Binning.UNIFORM);
 * }</pre>
 *
 * <p>Every function rejects input it cannot use with an {@link IllegalArgumentException} whose
 * message says what was wrong, what was expected and how to fix it: no rows, arrays of
 * different lengths, NaN or infinite values, labels other than 0/1, probabilities outside
 * [0, 1], negative weights.
 */
public final class Calibration {
  private static final String PLATT = "platt";
  private static final String ISOTONIC = "isotonic";
  private static final String RELIABILITY = "reliability_curve";
  private static final String ECE = "expected_calibration_error";

  private Calibration() {}

  /**
   * Platt scaling as a pipeline step: fitted on the validation part's probabilities with
   * scikit-learn's smoothed targets, applied by the predictor as a sigmoid.
   *
   * <pre>{@code
   * Pipeline.builder().split(Split.stratified(0.8).validation(0.2)).calibrate(Calibration.platt())
   * }</pre>
   */
  public static Calibrator platt() {
    return calibrator("platt", (scores, positive) -> {
      PlattCalibrator fitted = platt(scores, positive);
      return new CalibrationMap.Sigmoid(fitted.a(), fitted.b());
    });
  }

  /**
   * Isotonic calibration as a pipeline step: a non-decreasing fit of the validation part's
   * labels on its probabilities, clipped outside the fitted range, applied by the predictor by
   * linear interpolation.
   *
   * <pre>{@code
   * Pipeline.builder().split(Split.stratified(0.8).validation(0.2)).calibrate(Calibration.isotonic())
   * }</pre>
   */
  public static Calibrator isotonic() {
    return calibrator("isotonic", (scores, positive) -> {
      double[] y = new double[positive.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = positive[i];
      }
      IsotonicCalibrator fitted = isotonic(scores, y);
      return new CalibrationMap.PiecewiseLinear(fitted.xs(), fitted.ys());
    });
  }

  private static Calibrator calibrator(String name, java.util.function.BiFunction<double[], int[], CalibrationMap> fit) {
    return new Calibrator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public java.util.Map<String, Object> spec() {
        return java.util.Map.of();
      }

      @Override
      public CalibrationMap fit(double[] scores, int[] positive) {
        return fit.apply(scores, positive);
      }

      @Override
      public String toString() {
        return "Calibration." + name + "()";
      }
    };
  }

  /**
   * Fits a Platt sigmoid P(y = 1 | f) = 1/(1 + exp(A·f + B)) to decision values, as
   * scikit-learn's {@code _sigmoid_calibration(f, y)}: targets smoothed to
   * (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), cross-entropy minimized from A = 0,
   * B = ln((N₋ + 1)/(N₊ + 1)). sklearn stops its BFGS early (gradient norm 1e-5); this solves
   * to the exact optimum, within about 1e-7 of sklearn's A and B.
   *
   * @param decision each row's decision value or uncalibrated score
   * @param y01 each row's label, 0 or 1
   * @return the fitted calibrator
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, or a decision value is NaN or infinite
   */
  public static PlattCalibrator platt(double[] decision, int[] y01) {
    checkPlatt(decision, y01);
    return Platt.fit(decision, y01, null);
  }

  /**
   * Fits a Platt sigmoid with sample weights ({@code _sigmoid_calibration(f, y,
   * sample_weight=w)}): the class counts in the targets and the loss are weighted.
   *
   * @param decision each row's decision value
   * @param y01 each row's label, 0 or 1
   * @param sampleWeight each row's weight, finite and ≥ 0
   * @return the fitted calibrator
   * @throws IllegalArgumentException as {@link #platt(double[], int[])}, or for a bad weight
   */
  public static PlattCalibrator platt(double[] decision, int[] y01, double[] sampleWeight) {
    checkPlatt(decision, y01);
    Check.notNull(sampleWeight, PLATT, "sampleWeight", "a double[] with every row's weight");
    Check.sameLength(PLATT, "decision", decision.length, "sampleWeight", sampleWeight.length);
    Check.weights(PLATT, "sampleWeight", sampleWeight);
    return Platt.fit(decision, y01, sampleWeight);
  }

  /**
   * Fits a non-decreasing isotonic map from x to y that clips out-of-range x, as
   * scikit-learn's {@code IsotonicRegression(out_of_bounds="clip").fit(x, y)} (what
   * CalibratedClassifierCV(method="isotonic") uses, with y the 0/1 labels).
   *
   * @param x each row's score
   * @param y each row's target (for calibration, the 0/1 label)
   * @return the fitted calibrator
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     or a value is NaN or infinite
   */
  public static IsotonicCalibrator isotonic(double[] x, double[] y) {
    return isotonic(x, y, null, IsotonicOptions.nonDecreasing());
  }

  /**
   * Fits an isotonic map with weights and options, as
   * {@code IsotonicRegression(increasing=..., y_min=..., y_max=..., out_of_bounds=...)
   * .fit(x, y, sample_weight)}: rows of weight 0 are dropped, rows with the same x are first
   * averaged (weighted), then pool-adjacent-violators fits the monotone sequence, the values are
   * clipped to [yMin, yMax], and knots in the middle of a flat run are dropped.
   *
   * @param x each row's score
   * @param y each row's target
   * @param sampleWeight each row's weight, finite and ≥ 0, not all 0; or null for unit weights
   * @param options direction, bounds and out-of-bounds rule
   * @return the fitted calibrator
   * @throws IllegalArgumentException as {@link #isotonic(double[], double[])}, or for a bad
   *     weight
   */
  public static IsotonicCalibrator isotonic(
      double[] x, double[] y, double[] sampleWeight, IsotonicOptions options) {
    Check.notNull(x, ISOTONIC, "x", "a double[] with every row's score");
    Check.notNull(y, ISOTONIC, "y", "a double[] with every row's target");
    Check.notNull(options, ISOTONIC, "options", "IsotonicOptions.nonDecreasing() or decreasing()");
    Check.sameLength(ISOTONIC, "x", x.length, "y", y.length);
    Check.notEmpty(ISOTONIC, x.length);
    Check.finite(ISOTONIC, "x", x, "score", "drop or impute the rows the model could not score");
    Check.finite(ISOTONIC, "y", y, "target", "drop the rows without a target");
    checkWeights(ISOTONIC, sampleWeight, x.length);
    return Isotonic.fit(x, y, sampleWeight, options);
  }

  /**
   * The non-decreasing least-squares fit of a sequence, as scikit-learn's
   * {@code isotonic_regression(y)} (pool adjacent violators).
   *
   * @param y the sequence, in order
   * @return the fitted values, one per entry
   * @throws IllegalArgumentException if y is null or empty or holds NaN or infinity
   */
  public static double[] isotonicRegression(double[] y) {
    return isotonicRegression(y, null, IsotonicOptions.nonDecreasing());
  }

  /**
   * The weighted monotone least-squares fit of a sequence, as scikit-learn's
   * {@code isotonic_regression(y, sample_weight=w, y_min=..., y_max=..., increasing=...)}
   * (the options' out-of-bounds rule does not apply).
   *
   * @param y the sequence, in order
   * @param sampleWeight each entry's weight, finite and ≥ 0; or null for unit weights
   * @param options direction and bounds
   * @return the fitted values, one per entry
   * @throws IllegalArgumentException if y is null or empty, holds NaN or infinity, or a weight is
   *     bad
   */
  public static double[] isotonicRegression(
      double[] y, double[] sampleWeight, IsotonicOptions options) {
    Check.notNull(y, ISOTONIC, "y", "a double[] with the sequence to fit");
    Check.notNull(options, ISOTONIC, "options", "IsotonicOptions.nonDecreasing() or decreasing()");
    Check.notEmpty(ISOTONIC, y.length);
    Check.finite(ISOTONIC, "y", y, "value", "drop the missing entries");
    checkWeights(ISOTONIC, sampleWeight, y.length);
    return Isotonic.regression(
        y, sampleWeight, options.increasing(), options.yMin(), options.yMax());
  }

  /**
   * The reliability curve, as scikit-learn's {@code calibration_curve(y, p, n_bins=bins,
   * strategy=...)}: for each non-empty bin, the share of positives and the mean probability.
   * Uniform edges are 0, 1/n, ..., 1; quantile edges are percentiles of p. A prediction equal to
   * an inner edge falls in the lower bin.
   *
   * @param y01 each row's label, 0 or 1
   * @param pPositive each row's predicted probability of class 1, in [0, 1]
   * @param bins the number of bins, at least 1
   * @param binning uniform or quantile edges
   * @return the curve over the non-empty bins
   * @throws IllegalArgumentException if an array is null, the lengths differ, there are no rows,
   *     a label is not 0/1, a probability is NaN or outside [0, 1], or bins is below 1
   */
  public static ReliabilityCurve reliabilityCurve(
      int[] y01, double[] pPositive, int bins, Binning binning) {
    checkProbabilities(RELIABILITY, y01, pPositive, bins, binning);
    return Reliability.curve(y01, pPositive, bins, binning);
  }

  /**
   * Expected calibration error: the mean over predictions of |share of positives − mean
   * probability| of the prediction's bin, i.e. Σ over the non-empty bins of
   * (nᵦ / n)·|probTrueᵦ − probPredᵦ| on the bins of
   * {@link #reliabilityCurve(int[], double[], int, Binning)} (10 uniform bins is the usual
   * choice). 0 is perfectly calibrated on those bins; the value depends on the binning.
   *
   * @param y01 each row's label, 0 or 1
   * @param pPositive each row's predicted probability of class 1, in [0, 1]
   * @param bins the number of bins, at least 1
   * @param binning uniform or quantile edges
   * @return a value in [0, 1]; lower is better
   * @throws IllegalArgumentException as {@link #reliabilityCurve(int[], double[], int, Binning)}
   */
  public static double expectedCalibrationError(
      int[] y01, double[] pPositive, int bins, Binning binning) {
    checkProbabilities(ECE, y01, pPositive, bins, binning);
    return Reliability.expectedCalibrationError(
        Reliability.curve(y01, pPositive, bins, binning), y01.length);
  }

  // ---------------------------------------------------------------- checks

  private static void checkPlatt(double[] decision, int[] y01) {
    Check.notNull(decision, PLATT, "decision", "a double[] with every row's decision value");
    Check.notNull(y01, PLATT, "y01", "an int[] with the 0/1 label of every row");
    Check.sameLength(PLATT, "decision", decision.length, "y01", y01.length);
    Check.notEmpty(PLATT, decision.length);
    Check.binaryLabels(PLATT, "y01", y01, "recode the positive class as 1, the rest as 0");
    Check.finite(
        PLATT, "decision", decision, "decision value",
        "drop or impute the rows the model could not score");
  }

  private static void checkWeights(String what, double[] w, int n) {
    if (w == null) {
      return;
    }
    Check.sameLength(what, "x", n, "sampleWeight", w.length);
    Check.weights(what, "sampleWeight", w);
    double total = 0.0;
    for (double v : w) {
      total += v;
    }
    Check.argument(
        total > 0.0,
        "%s: every sampleWeight is 0; expected at least one positive weight — rows of weight 0 "
            + "are dropped",
        what);
  }

  private static void checkProbabilities(
      String what, int[] y01, double[] p, int bins, Binning binning) {
    Check.notNull(y01, what, "y01", "an int[] with the 0/1 label of every row");
    Check.notNull(p, what, "pPositive", "a double[] with each row's probability of class 1");
    Check.notNull(binning, what, "binning", "Binning.UNIFORM or Binning.QUANTILE");
    Check.sameLength(what, "y01", y01.length, "pPositive", p.length);
    Check.notEmpty(what, y01.length);
    Check.binaryLabels(what, "y01", y01, "recode the positive class as 1, the rest as 0");
    Check.finite(what, "pPositive", p, "probability", "drop or impute the rows the model could not score");
    Check.probabilities(what, "pPositive", p);
    Check.argument(
        bins >= 1, "%s: bins is %d; expected at least 1 — 10 is the usual choice", what, bins);
  }
}
