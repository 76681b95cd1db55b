package org.mlengine.features;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Statistics over the non-missing values of a column; each returns NaN or null when there are none. */
final class Stats {
  private Stats() {}

  /** The non-missing values, sorted. */
  static double[] present(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }

  /** How many values are not missing; standardize needs the count only, not the sorted values. */
  static int presentCount(double[] values) {
    int n = 0;
    for (double v : values) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    return n;
  }

  /** The mean, or NaN when every value is missing. */
  static double mean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The population standard deviation (ddof 0) around {@code mean}, or NaN when every value is missing. */
  static double populationSd(double[] values, double mean) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        double d = v - mean;
        sum += d * d;
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.sqrt(sum / n);
  }

  /** The median as numpy computes it (the mean of the middle two for an even count), or NaN. */
  static double median(double[] values) {
    double[] sorted = present(values);
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The q-quantile of sorted, non-missing values with numpy's default ("linear") method:
   * position {@code (n − 1)·q}, interpolated between its neighbours the way numpy's
   * {@code _lerp} does (from the upper neighbour when the fraction is at least one half).
   *
   * @param sorted sorted values without NaN; not empty
   * @param q in [0, 1]
   */
  static double quantile(double[] sorted, double q) {
    int n = sorted.length;
    double virtual = (n - 1) * q;
    if (virtual >= n - 1) {
      return sorted[n - 1];
    }
    if (virtual < 0) {
      return sorted[0];
    }
    int previous = (int) Math.floor(virtual);
    double gamma = virtual - previous;
    double a = sorted[previous];
    double b = sorted[previous + 1];
    double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }

  /** As {@code numpy.percentile(values, p)} over sorted, non-missing values; p in [0, 100]. */
  static double percentile(double[] sorted, double p) {
    return quantile(sorted, p / 100);
  }

  /** The most frequent value, the smallest among ties (as scikit-learn), or NaN. */
  static double mostFrequent(double[] values) {
    double[] sorted = present(values);
    double best = Double.NaN;
    int bestCount = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && Double.compare(sorted[j], sorted[i]) == 0) {
        j++;
      }
      if (j - i > bestCount) {
        bestCount = j - i;
        best = sorted[i];
      }
      i = j;
    }
    return best;
  }

  /** The most frequent value, the smallest among ties (as scikit-learn), or null. */
  static String mostFrequent(String[] values) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String v : values) {
      if (v != null) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }
}
