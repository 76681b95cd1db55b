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
