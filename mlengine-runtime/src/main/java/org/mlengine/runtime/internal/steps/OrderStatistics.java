package org.mlengine.runtime.internal.steps;

import java.util.Arrays;

/**
 * The order statistics of a window's non-missing values, ordered as {@link Double#compare}
 * orders them: the k-th smallest value and how many values lie below or above a bound. The
 * median and quartiles are defined on top of them once, so the sliding form ({@link Fenwick})
 * and the from-scratch form ({@link Sorted}) give the same doubles.
 */
abstract class OrderStatistics {

  /** The number of values. */
  abstract int size();

  /** The k-th smallest value, {@code 0 <= k < size()}. */
  abstract double select(int k);

  /** How many values are numerically below {@code bound}. */
  abstract int countBelow(double bound);

  /** How many values are numerically at most {@code bound}. */
  abstract int countAtMost(double bound);

  /** The median: the middle value, or the mean {@code (a + b) / 2} of the two middle ones (numpy, pandas). */
  final double median() {
    int m = size();
    if (m == 0) {
      return Double.NaN;
    }
    return m % 2 == 1 ? select(m / 2) : (select(m / 2 - 1) + select(m / 2)) / 2;
  }

  /** The quantile at {@code p} by linear interpolation between order statistics, as numpy's 'linear' method. */
  final double quantile(double p) {
    int m = size();
    if (m == 0) {
      return Double.NaN;
    }
    double h = (m - 1) * p;
    int i = (int) Math.floor(h);
    double t = h - i;
    double a = select(i);
    if (t == 0) {
      return a;
    }
    double b = select(Math.min(i + 1, m - 1));
    // numpy's _lerp: a + (b - a)t, computed from b for t >= 0.5
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** How many values lie outside {@code [Q1 - 1.5 IQR, Q3 + 1.5 IQR]} (Tukey's fences, numpy 'linear' quartiles). */
  final int outliers() {
    int m = size();
    if (m == 0) {
      return 0;
    }
    double q1 = quantile(0.25);
    double q3 = quantile(0.75);
    double iqr = q3 - q1;
    return countBelow(q1 - 1.5 * iqr) + (m - countAtMost(q3 + 1.5 * iqr));
  }

  /** Order statistics of a fixed set of values, from a sorted copy. */
  static final class Sorted extends OrderStatistics {
    private final double[] sorted;

    /** The order statistics of the first {@code n} values of {@code values} (none of them NaN). */
    Sorted(double[] values, int n) {
      this.sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
    }

    @Override
    int size() {
      return sorted.length;
    }

    @Override
    double select(int k) {
      return sorted[k];
    }

    @Override
    int countBelow(double bound) {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] < bound) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    @Override
    int countAtMost(double bound) {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] <= bound) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /**
   * Order statistics of a changing multiset drawn from a known set of distinct values: a Fenwick
   * tree of counts over the values' ranks, so adding, removing, selecting and counting each take
   * O(log U) for U distinct values.
   */
  static final class Fenwick extends OrderStatistics {
    private final double[] distinct;
    private final int[] tree;
    private final int top;
    private int size;

    /** Over {@code distinct}: the distinct values, sorted by {@link Double#compare}. */
    Fenwick(double[] distinct) {
      this.distinct = distinct;
      this.tree = new int[distinct.length + 1];
      this.top = distinct.length == 0 ? 0 : Integer.highestOneBit(distinct.length);
    }

    /** The rank of a value among the distinct values; the value must be one of them. */
    int rank(double value) {
      return Arrays.binarySearch(distinct, value);
    }

    /** Adds (sign +1) or removes (sign -1) one copy of the value of rank {@code rank}. */
    void add(int rank, int sign) {
      size += sign;
      for (int i = rank + 1; i < tree.length; i += i & -i) {
        tree[i] += sign;
      }
    }

    @Override
    int size() {
      return size;
    }

    @Override
    double select(int k) {
      int pos = 0;
      int remaining = k;
      for (int step = top; step > 0; step >>= 1) {
        int next = pos + step;
        if (next < tree.length && tree[next] <= remaining) {
          pos = next;
          remaining -= tree[next];
        }
      }
      return distinct[pos];
    }

    @Override
    int countBelow(double bound) {
      int lo = 0;
      int hi = distinct.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (distinct[mid] < bound) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return prefix(lo);
    }

    @Override
    int countAtMost(double bound) {
      int lo = 0;
      int hi = distinct.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (distinct[mid] <= bound) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return prefix(lo);
    }

    /** How many values have a rank below {@code rank}. */
    private int prefix(int rank) {
      int sum = 0;
      for (int i = rank; i > 0; i -= i & -i) {
        sum += tree[i];
      }
      return sum;
    }
  }
}
