package org.mlengine.eval;

import java.util.Arrays;

/**
 * Isotonic regression as scikit-learn 1.2: pool adjacent violators with weights
 * ({@code isotonic_regression}), and the fit of {@code IsotonicRegression}: drop zero weights,
 * sort by x (then y), merge x values closer than NumPy's float64 resolution 1e-15 into one
 * (weighted mean of y), run PAV, clip to [yMin, yMax], and keep only the knots where y changes.
 * Inputs are checked by the caller.
 */
final class Isotonic {
  private Isotonic() {}

  /**
   * The weighted least-squares monotone fit of y (in place order): non-decreasing, or
   * non-increasing when {@code increasing} is false, then clipped to [min, max].
   */
  static double[] regression(double[] y, double[] w, boolean increasing, double min, double max) {
    int n = y.length;
    double[] values = new double[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      int src = increasing ? i : n - 1 - i;
      values[i] = y[src];
      weights[i] = w == null ? 1.0 : w[src];
    }
    double[] fitted = pav(values, weights);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double v = Math.min(Math.max(fitted[i], min), max);
      out[increasing ? i : n - 1 - i] = v;
    }
    return out;
  }

  /** Pool adjacent violators, non-decreasing: blocks merge while a block's mean ≥ the next's. */
  private static double[] pav(double[] y, double[] w) {
    int n = y.length;
    double[] mean = new double[n];
    double[] weight = new double[n];
    int[] size = new int[n];
    int blocks = 0;
    for (int i = 0; i < n; i++) {
      mean[blocks] = y[i];
      weight[blocks] = w[i];
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && mean[blocks - 2] >= mean[blocks - 1]) {
        int top = blocks - 1;
        int below = blocks - 2;
        double total = weight[below] + weight[top];
        mean[below] = (weight[below] * mean[below] + weight[top] * mean[top]) / total;
        weight[below] = total;
        size[below] += size[top];
        blocks--;
      }
    }
    double[] out = new double[n];
    int j = 0;
    for (int b = 0; b < blocks; b++) {
      Arrays.fill(out, j, j + size[b], mean[b]);
      j += size[b];
    }
    return out;
  }

  /** Fits {@code IsotonicRegression} and returns its thresholds as a calibrator. */
  static IsotonicCalibrator fit(double[] x, double[] y, double[] w, IsotonicOptions options) {
    Integer[] order = sortedOrder(x, y, w);
    Unique unique = mergeTies(x, y, w, order);
    double[] fitted = regression(unique.y(), unique.w(), options.increasing(), options.yMin(), options.yMax());
    return knots(unique.x(), fitted, options.outOfBounds());
  }

  /** The x values after merging ties, with the weighted mean y and total weight of each. */
  private record Unique(double[] x, double[] y, double[] w) {}

  /** The indices of the rows with positive weight, sorted by x and then y. */
  private static Integer[] sortedOrder(double[] x, double[] y, double[] w) {
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (w == null || w[i] > 0) {
        n++;
      }
    }
    Integer[] order = new Integer[n];
    int m = 0;
    for (int i = 0; i < x.length; i++) {
      if (w == null || w[i] > 0) {
        order[m++] = i;
      }
    }
    // np.lexsort((y, X)): by x, then by y, stable.
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Ties.compare(x[a], x[b]);
          return c != 0 ? c : Ties.compare(y[a], y[b]);
        });
    return order;
  }

  /** Merges x values closer than 1e-15 (in sorted order) into one, with the weighted mean y. */
  private static Unique mergeTies(double[] x, double[] y, double[] w, Integer[] order) {
    int n = order.length;
    double[] ux = new double[n];
    double[] uy = new double[n];
    double[] uw = new double[n];
    int u = -1;
    double currentX = Double.NaN;
    double sumWy = 0.0;
    double sumW = 0.0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      double wi = w == null ? 1.0 : w[i];
      if (k == 0 || x[i] - currentX >= 1e-15) {
        if (k > 0) {
          ux[u] = currentX;
          uw[u] = sumW;
          uy[u] = sumWy / sumW;
        }
        u++;
        currentX = x[i];
        sumW = wi;
        sumWy = y[i] * wi;
      } else {
        sumW += wi;
        sumWy += y[i] * wi;
      }
    }
    ux[u] = currentX;
    uw[u] = sumW;
    uy[u] = sumWy / sumW;
    int unique = u + 1;
    return new Unique(Arrays.copyOf(ux, unique), Arrays.copyOf(uy, unique), Arrays.copyOf(uw, unique));
  }

  /** Keeps the ends and every point whose fitted y differs from a neighbour's. */
  private static IsotonicCalibrator knots(double[] ux, double[] fitted, OutOfBounds outOfBounds) {
    int unique = ux.length;
    boolean[] keep = new boolean[unique];
    int kept = 0;
    for (int i = 0; i < unique; i++) {
      keep[i] =
          i == 0
              || i == unique - 1
              || fitted[i] != fitted[i - 1]
              || fitted[i] != fitted[i + 1];
      if (keep[i]) {
        kept++;
      }
    }
    double[] kx = new double[kept];
    double[] ky = new double[kept];
    int j = 0;
    for (int i = 0; i < unique; i++) {
      if (keep[i]) {
        kx[j] = ux[i];
        ky[j] = fitted[i];
        j++;
      }
    }
    return new IsotonicCalibrator(Lists.of(kx), Lists.of(ky), outOfBounds);
  }
}
