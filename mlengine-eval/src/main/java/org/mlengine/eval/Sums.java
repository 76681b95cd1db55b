package org.mlengine.eval;

/**
 * Summation the way NumPy's {@code add.reduce} does it (pairwise, in blocks of 8 and 128), so
 * that means agree with scikit-learn to the last bits and stay accurate for long arrays.
 */
final class Sums {
  private static final int BLOCK = 128;

  private Sums() {}

  /** The mean of all values; the caller makes sure there is at least one. */
  static double mean(double[] values) {
    return sum(values) / values.length;
  }

  /** {@code np.var(values, ddof=ddof)}: Σ(x − mean)² / (n − ddof), sums pairwise. */
  static double variance(double[] values, int ddof) {
    double mean = mean(values);
    double[] squares = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double d = values[i] - mean;
      squares[i] = d * d;
    }
    return sum(squares) / (values.length - ddof);
  }

  /** The sum of all values, pairwise as NumPy. */
  static double sum(double[] values) {
    return pairwise(values, 0, values.length);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= BLOCK) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }
}
