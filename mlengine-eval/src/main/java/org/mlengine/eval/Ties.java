package org.mlengine.eval;

/**
 * Equality of doubles as NumPy, pandas and scikit-learn see it when they group, sort or count
 * distinct values: −0.0 and 0.0 are one value. Java's {@link Double#compare}, {@code
 * Double.equals}, {@code TreeMap<Double, ...>} and {@code DoubleStream.distinct()} tell them
 * apart, so every grouping of data values in this package goes through here. NaN is refused
 * by the callers' checks before any grouping.
 */
final class Ties {
  private Ties() {}

  /** The value with −0.0 turned into 0.0 (IEEE 754: −0.0 + 0.0 is 0.0); others unchanged. */
  static double canonical(double v) {
    return v + 0.0;
  }

  /** A copy of the values with every −0.0 turned into 0.0. */
  static double[] canonical(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] + 0.0;
    }
    return out;
  }

  /** {@link Double#compare} that holds −0.0 and 0.0 equal: the order NumPy's sorts use. */
  static int compare(double a, double b) {
    return Double.compare(a + 0.0, b + 0.0);
  }
}
