package org.mlengine.eval;

import java.util.Arrays;

/**
 * NumPy 1.24's {@code percentile}/{@code quantile} methods 'linear' (the default, Hyndman and
 * Fan's R-7), 'higher' and 'inverted_cdf', and {@code np.median}, to the last bit.
 */
final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile (0 ≤ q ≤ 1) of {@code sorted} (ascending, at least one value) by NumPy's
   * 'linear': virtual index (n − 1)·q, then {@code _lerp} between its neighbours.
   */
  static double linear(double[] sorted, double q) {
    int n = sorted.length;
    double index = (n - 1) * q;
    if (index >= n - 1) {
      return sorted[n - 1];
    }
    if (index < 0) {
      return sorted[0];
    }
    double previousIndex = Math.floor(index);
    int prev = (int) previousIndex;
    double gamma = index - previousIndex;
    return lerp(sorted[prev], sorted[prev + 1], gamma);
  }

  /** NumPy's {@code _lerp}: a + (b − a)·t, or b − (b − a)·(1 − t) when t ≥ ½. */
  static double lerp(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** NumPy's 'higher': the value at index ceil((n − 1)·q). */
  static double higher(double[] sorted, double q) {
    int index = (int) Math.ceil((sorted.length - 1) * q);
    return sorted[Math.min(index, sorted.length - 1)];
  }

  /**
   * NumPy's 'inverted_cdf' (nearest rank): index n·q − 1, rounded up unless it is whole,
   * clipped at 0.
   */
  static double invertedCdf(double[] sorted, double q) {
    double index = sorted.length * q - 1;
    double previous = Math.floor(index);
    double gamma = index - previous;
    int i = (int) (gamma == 0.0 ? previous : previous + 1);
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
  }

  /** {@code np.median}: the middle value, or the mean of the two middle values. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n % 2 == 1) {
      return sorted[n / 2];
    }
    return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** A sorted copy. */
  static double[] sorted(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s;
  }
}
