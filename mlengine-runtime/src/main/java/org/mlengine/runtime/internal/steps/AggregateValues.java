package org.mlengine.runtime.internal.steps;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlengine.runtime.ColumnType;

/**
 * The one function that turns a parent row's related rows into its aggregate values, used by the
 * offline path (a range of the sorted related table) and the online path (the events a history
 * returns) alike: the same rows in the same order give the same doubles, bit for bit.
 *
 * <p>Missing values (NaN, null) are skipped by every statistic but count and time since latest.
 * Sums are compensated (Neumaier); std is the sample standard deviation (ddof 1) from a second,
 * compensated pass over the deviations from the mean; mode ties go to the smallest value
 * (lexicographic for strings, numeric order for numbers); latest is the last non-missing value
 * in time order, ties in related-table (or append) order.
 */
final class AggregateValues {
  private final AggregateDefinition.Kind[] kinds;
  /** Per statistic, the index of its column among the numeric or the string columns; -1 for none. */
  private final int[] column;
  /** Per statistic, whether its column is a string (CATEGORICAL) column. */
  private final boolean[] strings;
  /** Per statistic, the unit of time since latest in milliseconds; 0 for the others. */
  private final double[] unitMillis;

  AggregateValues(AggregateDefinition definition) {
    List<AggregateDefinition.Statistic> stats = definition.statistics();
    List<String> numeric = definition.valueColumns(ColumnType.NUMERIC);
    List<String> categorical = definition.valueColumns(ColumnType.CATEGORICAL);
    int n = stats.size();
    kinds = new AggregateDefinition.Kind[n];
    column = new int[n];
    strings = new boolean[n];
    unitMillis = new double[n];
    for (int s = 0; s < n; s++) {
      AggregateDefinition.Statistic st = stats.get(s);
      kinds[s] = st.kind();
      column[s] = -1;
      if (st.column().isPresent()) {
        String c = st.column().get();
        strings[s] = definition.valueTypes().get(c) == ColumnType.CATEGORICAL;
        column[s] = strings[s] ? categorical.indexOf(c) : numeric.indexOf(c);
      }
      unitMillis[s] = st.unit().map(u -> (double) u.toMillis()).orElse(0.0);
    }
  }

  /**
   * Computes every statistic over rows {@code [lo, hi)} (time order, ties in related-table
   * order) for a parent row with this cutoff. Statistic {@code s} writes {@code numbersOut[s]},
   * or {@code stringsOut[s]} when it is the mode or latest value of a CATEGORICAL column.
   *
   * @param times the rows' times, epoch milliseconds
   * @param numbers the NUMERIC columns read, in {@link AggregateDefinition#valueColumns} order
   * @param texts the CATEGORICAL columns read, in the same order
   */
  void compute(long[] times, double[][] numbers, String[][] texts, int lo, int hi, long cutoffMillis, double[] numbersOut,
      String[] stringsOut) {
    for (int s = 0; s < kinds.length; s++) {
      switch (kinds[s]) {
        case COUNT -> numbersOut[s] = hi - lo;
        case SUM -> numbersOut[s] = sum(numbers[column[s]], lo, hi);
        case MEAN -> numbersOut[s] = mean(numbers[column[s]], lo, hi);
        case STD -> numbersOut[s] = std(numbers[column[s]], lo, hi);
        case MIN -> numbersOut[s] = min(numbers[column[s]], lo, hi);
        case MAX -> numbersOut[s] = max(numbers[column[s]], lo, hi);
        case DISTINCT -> numbersOut[s] = strings[s] ? distinct(texts[column[s]], lo, hi) : distinct(numbers[column[s]], lo, hi);
        case MODE -> {
          if (strings[s]) {
            stringsOut[s] = mode(texts[column[s]], lo, hi);
          } else {
            numbersOut[s] = mode(numbers[column[s]], lo, hi);
          }
        }
        case LATEST -> {
          if (strings[s]) {
            stringsOut[s] = latest(texts[column[s]], lo, hi);
          } else {
            numbersOut[s] = latest(numbers[column[s]], lo, hi);
          }
        }
        case SINCE_LATEST -> numbersOut[s] = hi > lo ? (cutoffMillis - times[hi - 1]) / unitMillis[s] : Double.NaN;
      }
    }
  }

  /** The compensated (Neumaier) sum of the non-missing values; 0 when there are none. */
  static double sum(double[] x, int lo, int hi) {
    double sum = 0;
    double c = 0;
    for (int i = lo; i < hi; i++) {
      double v = x[i];
      if (Double.isNaN(v)) {
        continue;
      }
      double t = sum + v;
      c += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    return sum + c;
  }

  static double mean(double[] x, int lo, int hi) {
    int n = present(x, lo, hi);
    return n == 0 ? Double.NaN : sum(x, lo, hi) / n;
  }

  /** The sample standard deviation (ddof 1) of the non-missing values; NaN for fewer than two. */
  static double std(double[] x, int lo, int hi) {
    int n = present(x, lo, hi);
    if (n < 2) {
      return Double.NaN;
    }
    double mean = sum(x, lo, hi) / n;
    double ss = 0;
    double c = 0;
    for (int i = lo; i < hi; i++) {
      if (Double.isNaN(x[i])) {
        continue;
      }
      double d = x[i] - mean;
      double v = d * d;
      double t = ss + v;
      c += ss >= v ? (ss - t) + v : (v - t) + ss;
      ss = t;
    }
    return Math.sqrt((ss + c) / (n - 1));
  }

  static double min(double[] x, int lo, int hi) {
    double m = Double.NaN;
    for (int i = lo; i < hi; i++) {
      if (!Double.isNaN(x[i])) {
        m = Double.isNaN(m) ? x[i] : Math.min(m, x[i]);
      }
    }
    return m;
  }

  static double max(double[] x, int lo, int hi) {
    double m = Double.NaN;
    for (int i = lo; i < hi; i++) {
      if (!Double.isNaN(x[i])) {
        m = Double.isNaN(m) ? x[i] : Math.max(m, x[i]);
      }
    }
    return m;
  }

  static double distinct(double[] x, int lo, int hi) {
    Set<Double> seen = new HashSet<>();
    for (int i = lo; i < hi; i++) {
      if (!Double.isNaN(x[i])) {
        seen.add(x[i] == 0 ? 0.0 : x[i]); // -0.0 and 0.0 are one value
      }
    }
    return seen.size();
  }

  static double distinct(String[] x, int lo, int hi) {
    Set<String> seen = new HashSet<>();
    for (int i = lo; i < hi; i++) {
      if (x[i] != null) {
        seen.add(x[i]);
      }
    }
    return seen.size();
  }

  /** The most frequent non-missing value, ties to the smallest; NaN when there is none. */
  static double mode(double[] x, int lo, int hi) {
    Map<Double, Integer> counts = new HashMap<>();
    for (int i = lo; i < hi; i++) {
      if (!Double.isNaN(x[i])) {
        counts.merge(x[i] == 0 ? 0.0 : x[i], 1, Integer::sum);
      }
    }
    double best = Double.NaN;
    int bestCount = 0;
    for (Map.Entry<Double, Integer> e : counts.entrySet()) {
      int c = e.getValue();
      if (c > bestCount || (c == bestCount && e.getKey() < best)) {
        best = e.getKey();
        bestCount = c;
      }
    }
    return best;
  }

  /** The most frequent non-missing value, ties to the lexicographically smallest; null when there is none. */
  static String mode(String[] x, int lo, int hi) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = lo; i < hi; i++) {
      if (x[i] != null) {
        counts.merge(x[i], 1, Integer::sum);
      }
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int c = e.getValue();
      if (c > bestCount || (c == bestCount && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestCount = c;
      }
    }
    return best;
  }

  static double latest(double[] x, int lo, int hi) {
    for (int i = hi - 1; i >= lo; i--) {
      if (!Double.isNaN(x[i])) {
        return x[i];
      }
    }
    return Double.NaN;
  }

  static String latest(String[] x, int lo, int hi) {
    for (int i = hi - 1; i >= lo; i--) {
      if (x[i] != null) {
        return x[i];
      }
    }
    return null;
  }

  private static int present(double[] x, int lo, int hi) {
    int n = 0;
    for (int i = lo; i < hi; i++) {
      if (!Double.isNaN(x[i])) {
        n++;
      }
    }
    return n;
  }
}
