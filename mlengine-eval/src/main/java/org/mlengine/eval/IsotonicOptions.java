package org.mlengine.eval;

/**
 * How an isotonic regression is fitted, as the parameters of scikit-learn's
 * {@code IsotonicRegression}: the direction, bounds that clip the fitted values
 * ({@code y_min}, {@code y_max}), and the out-of-bounds rule of the resulting calibrator.
 *
 * <pre>{@code
 * var options = IsotonicOptions.nonDecreasing().withBounds(0.5, 2.5).withOutOfBounds(OutOfBounds.NAN);
 * IsotonicCalibrator c = Calibration.isotonic(x, y, null, options);
 * }</pre>
 *
 * @param increasing true for a non-decreasing fit, false for non-increasing
 * @param yMin the lowest fitted value (−∞ for none)
 * @param yMax the highest fitted value (+∞ for none)
 * @param outOfBounds what the calibrator does outside the fitted x range
 */
public record IsotonicOptions(
    boolean increasing, double yMin, double yMax, OutOfBounds outOfBounds) {
  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a bound is NaN or yMin &gt; yMax
   */
  public IsotonicOptions {
    Check.notNull(outOfBounds, "IsotonicOptions", "outOfBounds", "OutOfBounds.CLIP, NAN or RAISE");
    Check.argument(
        !Double.isNaN(yMin) && !Double.isNaN(yMax) && yMin <= yMax,
        "IsotonicOptions: bounds [%s, %s]; expected yMin <= yMax, neither NaN",
        yMin, yMax);
  }

  /**
   * Non-decreasing, unbounded, clipping out-of-range scores (CalibratedClassifierCV's choice).
   *
   * @return the default options
   */
  public static IsotonicOptions nonDecreasing() {
    return new IsotonicOptions(
        true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, OutOfBounds.CLIP);
  }

  /**
   * Non-increasing, unbounded, clipping out-of-range scores.
   *
   * @return options for a decreasing fit
   */
  public static IsotonicOptions nonIncreasing() {
    return new IsotonicOptions(
        false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, OutOfBounds.CLIP);
  }

  /**
   * A copy whose fitted values are clipped to [yMin, yMax].
   *
   * @param min the lowest fitted value
   * @param max the highest fitted value
   * @return the changed copy
   */
  public IsotonicOptions withBounds(double min, double max) {
    return new IsotonicOptions(increasing, min, max, outOfBounds);
  }

  /**
   * A copy with another out-of-bounds rule.
   *
   * @param rule what the calibrator does outside the fitted range
   * @return the changed copy
   */
  public IsotonicOptions withOutOfBounds(OutOfBounds rule) {
    return new IsotonicOptions(increasing, yMin, yMax, rule);
  }
}
