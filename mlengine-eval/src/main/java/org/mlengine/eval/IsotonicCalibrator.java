package org.mlengine.eval;

import java.util.List;

/**
 * A fitted isotonic (monotone, piecewise-linear) calibration map, as scikit-learn's
 * {@code IsotonicRegression} after {@code fit}: {@code xs} and {@code ys} are its
 * {@code X_thresholds_} and {@code y_thresholds_}, and {@link #apply(double)} interpolates
 * linearly between them ({@code scipy.interpolate.interp1d}). An immutable value; fit one with
 * {@link Calibration#isotonic(double[], double[])}.
 *
 * <pre>{@code
 * IsotonicCalibrator iso = Calibration.isotonic(scores, labels01);
 * double p = iso.apply(0.42);
 * iso.xs(); iso.ys();                                   // the knots, to save
 * var same = new IsotonicCalibrator(iso.xs(), iso.ys(), OutOfBounds.CLIP);
 * }</pre>
 *
 * @param xs the knots' x, strictly increasing, at least one
 * @param ys the knots' y, monotone in xs
 * @param outOfBounds what {@link #apply(double)} does outside [xs first, xs last]
 */
public record IsotonicCalibrator(List<Double> xs, List<Double> ys, OutOfBounds outOfBounds) {
  /**
   * Copies the knots into immutable lists and checks them.
   *
   * @throws IllegalArgumentException if the lists are empty or differ in length, a knot is NaN
   *     or infinite, or xs is not strictly increasing
   */
  public IsotonicCalibrator {
    xs = List.copyOf(xs);
    ys = List.copyOf(ys);
    Check.notNull(outOfBounds, "IsotonicCalibrator", "outOfBounds", "OutOfBounds.CLIP, NAN or RAISE");
    Check.argument(
        !xs.isEmpty() && xs.size() == ys.size(),
        "IsotonicCalibrator: %d xs and %d ys; expected the same number of each, at least one",
        xs.size(), ys.size());
    for (int i = 0; i < xs.size(); i++) {
      Check.argument(
          Double.isFinite(xs.get(i)) && Double.isFinite(ys.get(i)),
          "IsotonicCalibrator: knot %d is (%s, %s); expected finite numbers",
          i, xs.get(i), ys.get(i));
      if (i > 0) {
        Check.argument(
            xs.get(i) > xs.get(i - 1),
            "IsotonicCalibrator: xs[%d] = %s is not above xs[%d] = %s; expected strictly "
                + "increasing xs",
            i, xs.get(i), i - 1, xs.get(i - 1));
      }
    }
  }

  /**
   * A copy with another out-of-bounds rule.
   *
   * @param rule what to do outside the fitted range
   * @return the changed copy
   */
  public IsotonicCalibrator withOutOfBounds(OutOfBounds rule) {
    return new IsotonicCalibrator(xs, ys, rule);
  }

  /**
   * The calibrated value at x: linear interpolation between the knots, as SciPy's
   * {@code interp1d} (kept between the two knots, so rounding never leaves [0, 1] for
   * probabilities); outside the knots clipped to the end value, NaN, or an error, as
   * {@link #outOfBounds()} says. With a single knot, its y everywhere (as sklearn).
   *
   * @param x a score
   * @return the calibrated value
   * @throws IllegalArgumentException if x is NaN, or outside the range under
   *     {@link OutOfBounds#RAISE}
   */
  public double apply(double x) {
    Check.argument(
        !Double.isNaN(x),
        "IsotonicCalibrator: x is NaN; expected a score — drop or impute the rows the model "
            + "could not score");
    int n = xs.size();
    if (n == 1) {
      return ys.get(0);
    }
    double first = xs.get(0);
    double last = xs.get(n - 1);
    if (outOfBounds == OutOfBounds.CLIP) {
      x = Math.min(Math.max(x, first), last);
    } else if (x < first || x > last) {
      Check.argument(
          outOfBounds != OutOfBounds.RAISE,
          "IsotonicCalibrator: x = %s is outside the fitted range [%s, %s]; expected a score in "
              + "range — use withOutOfBounds(OutOfBounds.CLIP) to clip",
          x, first, last);
      return Double.NaN;
    }
    // scipy interp1d: hi = searchsorted(xs, x, 'left') clipped to [1, n-1], lo = hi - 1.
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (xs.get(mid) < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int h = Math.max(1, Math.min(lo, n - 1));
    int l = h - 1;
    double xLo = xs.get(l);
    double yLo = ys.get(l);
    double yHi = ys.get(h);
    double slope = (yHi - yLo) / (xs.get(h) - xLo);
    double y = slope * (x - xLo) + yLo;
    // SciPy's formula can overshoot a knot by an ulp (1.0000000000000002 for a probability);
    // keep the value between its two knots.
    return Math.min(Math.max(y, Math.min(yLo, yHi)), Math.max(yLo, yHi));
  }
}
