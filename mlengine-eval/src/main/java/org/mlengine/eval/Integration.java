package org.mlengine.eval;

import java.util.function.DoubleUnaryOperator;

/**
 * Adaptive Gauss–Legendre quadrature: a 20-point rule on each piece, split in halves until the
 * halves agree with the whole to the tolerance (or to 1e-13 of the piece, the integrand's own
 * accuracy). The nodes are computed at class load by Newton's
 * method on the Legendre polynomial, so there is no table to mistype.
 */
final class Integration {
  private static final int POINTS = 20;
  private static final double[] NODES = new double[POINTS];
  private static final double[] WEIGHTS = new double[POINTS];

  static {
    int n = POINTS;
    for (int i = 0; i < (n + 1) / 2; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double derivative = 0.0;
      for (int iteration = 0; iteration < 100; iteration++) {
        double p0 = 1.0;
        double p1 = 0.0;
        for (int j = 1; j <= n; j++) {
          double p2 = p1;
          p1 = p0;
          p0 = ((2.0 * j - 1.0) * x * p1 - (j - 1.0) * p2) / j;
        }
        derivative = n * (x * p0 - p1) / (x * x - 1.0);
        double step = p0 / derivative;
        x -= step;
        if (Math.abs(step) < 1e-16) {
          break;
        }
      }
      NODES[i] = -x;
      NODES[n - 1 - i] = x;
      double w = 2.0 / ((1.0 - x * x) * derivative * derivative);
      WEIGHTS[i] = w;
      WEIGHTS[n - 1 - i] = w;
    }
  }

  private Integration() {}

  /**
   * ∫ f over [points first, points last], split first at the given points (sorted). The two end
   * pieces are integrated after the substitution x = end ± width·u⁴, which smooths integrable
   * cusps such as (1 − x)^0.1 at the ends of [0, 1].
   */
  static double integrate(DoubleUnaryOperator f, double[] points, double tolerance) {
    int last = points.length - 1;
    double sum = 0.0;
    for (int i = 0; i < last; i++) {
      double lo = points[i];
      double hi = points[i + 1];
      if (!(hi > lo)) {
        continue;
      }
      DoubleUnaryOperator g = f;
      double from = lo;
      double to = hi;
      if (i == 0) {
        // x = lo + w·u⁴, dx = 4w·u³ du
        double w = hi - lo;
        g = u -> 4 * w * u * u * u * f.applyAsDouble(lo + w * u * u * u * u);
        from = 0.0;
        to = 1.0;
      } else if (i == last - 1) {
        // x = hi − w·u⁴
        double w = hi - lo;
        g = u -> 4 * w * u * u * u * f.applyAsDouble(hi - w * u * u * u * u);
        from = 0.0;
        to = 1.0;
      }
      sum += adaptive(g, from, to, rule(g, from, to), tolerance, 0);
    }
    return sum;
  }

  private static double adaptive(
      DoubleUnaryOperator f, double a, double b, double whole, double tolerance, int depth) {
    double mid = 0.5 * (a + b);
    double left = rule(f, a, mid);
    double right = rule(f, mid, b);
    double halves = left + right;
    // Stop at the tolerance, or once the difference is within the integrand's own noise (the
    // incomplete beta function is good to about 1e-13 relative for shapes near 1e6), or at
    // depth 16 (65536 pieces at most per initial piece).
    double noise = 1e-13 * (Math.abs(left) + Math.abs(right));
    if (Math.abs(halves - whole) <= Math.max(tolerance, noise) || depth >= 16) {
      return halves;
    }
    return adaptive(f, a, mid, left, tolerance / 2, depth + 1)
        + adaptive(f, mid, b, right, tolerance / 2, depth + 1);
  }

  private static double rule(DoubleUnaryOperator f, double a, double b) {
    double half = 0.5 * (b - a);
    double center = 0.5 * (a + b);
    double sum = 0.0;
    for (int i = 0; i < POINTS; i++) {
      sum += WEIGHTS[i] * f.applyAsDouble(center + half * NODES[i]);
    }
    return sum * half;
  }
}
