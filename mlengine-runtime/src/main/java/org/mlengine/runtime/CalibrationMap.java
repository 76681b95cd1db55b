package org.mlengine.runtime;

import org.mlengine.runtime.internal.Checks;
import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;

/**
 * A fitted map from a model's probability to a calibrated one, kept as data in the bundle and
 * applied by the predictor without mlengine-eval. mlengine-eval's {@code Calibration.platt()}
 * and {@code Calibration.isotonic()} fit them.
 *
 * <pre>{@code
 * CalibrationMap platt = new CalibrationMap.Sigmoid(-3.1, 1.4);
 * double calibrated = platt.apply(0.7);
 * }</pre>
 */
public sealed interface CalibrationMap permits CalibrationMap.Sigmoid, CalibrationMap.PiecewiseLinear {

  /** The calibrated probability for a score in [0, 1]. */
  double apply(double score);

  /**
   * Platt scaling: {@code 1 / (1 + exp(a·score + b))}.
   *
   * @param a the slope
   * @param b the intercept
   */
  record Sigmoid(double a, double b) implements CalibrationMap {
    /** Checks that both numbers are finite. */
    public Sigmoid {
      checkArgument(Double.isFinite(a) && Double.isFinite(b), "a sigmoid needs finite a and b, got %s and %s", a, b);
    }

    @Override
    public double apply(double score) {
      double z = a * score + b;
      if (z >= 0) {
        double e = Math.exp(-z);
        return e / (1.0 + e);
      }
      return 1.0 / (1.0 + Math.exp(z));
    }
  }

  /**
   * Isotonic calibration: linear interpolation between knots with strictly increasing
   * {@code xs}, clipped to the end values outside them (as scikit-learn's
   * {@code CalibratedClassifierCV}).
   *
   * @param xs the knots' scores, strictly increasing
   * @param ys the knots' calibrated values
   */
  record PiecewiseLinear(List<Double> xs, List<Double> ys) implements CalibrationMap {
    /** Copies the knots and checks them. */
    public PiecewiseLinear {
      xs = List.copyOf(xs);
      ys = List.copyOf(ys);
      checkArgument(!xs.isEmpty() && xs.size() == ys.size(), "%s xs and %s ys; give the same number of each, at least one", xs.size(), ys.size());
      for (int i = 0; i < xs.size(); i++) {
        checkArgument(Double.isFinite(xs.get(i)) && Double.isFinite(ys.get(i)), "knot %s is (%s, %s); knots are finite", i, xs.get(i), ys.get(i));
        checkArgument(i == 0 || xs.get(i) > xs.get(i - 1), "xs[%s] = %s is not above xs[%s]; xs increase strictly", i, xs.get(i), i - 1);
      }
    }

    @Override
    public double apply(double score) {
      int n = xs.size();
      if (n == 1) {
        return ys.get(0);
      }
      double x = Math.min(Math.max(score, xs.get(0)), xs.get(n - 1));
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
      double y = (yHi - yLo) / (xs.get(h) - xLo) * (x - xLo) + yLo;
      return Math.min(Math.max(y, Math.min(yLo, yHi)), Math.max(yLo, yHi));
    }
  }
}
