package org.mlengine.core;

import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.Arrays;

/**
 * Every feature of a training matrix binned once per fit, for the tree engine: a column of bin
 * numbers (one unsigned byte per row) per feature, and each bin's least and greatest value. A
 * feature with at most {@value #MAX_BINS} distinct values gets one bin per value, so every split
 * an exact CART could make is still possible; any other feature gets at most
 * {@value #QUANTILE_BINS} bins of about equal row counts, each holding whole runs of equal values.
 * Absent entries of the sparse matrix are 0.
 *
 * <p>A split after bin {@code b} has its threshold at the midpoint between bin {@code b}'s
 * greatest value and bin {@code b + 1}'s least (scikit-learn's rule), so a row whose value is
 * at most the threshold is exactly a row whose bin is at most {@code b}.
 */
final class TreeBins {
  /** The most distinct values a feature may have to get one bin per value. */
  static final int MAX_BINS = 256;
  /** The bins of a feature with more distinct values than {@link #MAX_BINS}. */
  static final int QUANTILE_BINS = 255;
  /** Features binned per pass over the sparse matrix: bounds the dense columns held at once. */
  private static final int FEATURES_PER_PASS = 8;

  final int rows;
  /** {@code codes[f][r] & 0xFF}: the bin of row {@code r}'s value of feature {@code f}. */
  final byte[][] codes;
  /** {@code least[f][b]}, {@code greatest[f][b]}: the least and greatest value in bin {@code b} of feature {@code f}. */
  final double[][] least;
  final double[][] greatest;

  private TreeBins(int rows, byte[][] codes, double[][] least, double[][] greatest) {
    this.rows = rows;
    this.codes = codes;
    this.least = least;
    this.greatest = greatest;
  }

  /** Bins the {@code features} feature slots of {@code m}, binning up to {@code threads} features at once. */
  static TreeBins of(FeatureMatrix m, int features, int threads) {
    byte[][] codes = new byte[features][];
    double[][] least = new double[features][];
    double[][] greatest = new double[features][];
    for (int first = 0; first < features; first += FEATURES_PER_PASS) {
      int from = first;
      double[][] columns = denseColumns(m, from, Math.min(features, first + FEATURES_PER_PASS));
      Parallel.forEach(columns.length, threads, j -> {
        Binned b = bin(columns[j]);
        codes[from + j] = b.codes;
        least[from + j] = b.least;
        greatest[from + j] = b.greatest;
      });
    }
    return new TreeBins(m.rows, codes, least, greatest);
  }

  int features() {
    return codes.length;
  }

  int bins(int feature) {
    return least[feature].length;
  }

  /**
   * The threshold of a split after bin {@code bin}: the midpoint of the greatest value left and
   * the least value right, or the greatest value left when the midpoint rounds up to the least
   * value right (two adjacent doubles), so that every row keeps its side.
   */
  double threshold(int feature, int bin) {
    double left = greatest[feature][bin];
    double right = least[feature][bin + 1];
    double mid = left / 2 + right / 2;
    return mid >= right || mid < left ? left : mid;
  }

  /** Feature slots {@code [from, to)} of {@code m} as dense columns, zeros where absent. */
  private static double[][] denseColumns(FeatureMatrix m, int from, int to) {
    double[][] columns = new double[to - from][m.rows];
    for (int r = 0; r < m.rows; r++) {
      for (int k = m.rowStart[r]; k < m.rowStart[r + 1]; k++) {
        int slot = m.index[k];
        if (slot >= from && slot < to) {
          columns[slot - from][r] = m.value[k] + 0.0; // -0.0 becomes 0.0: one value, one bin
        }
      }
    }
    return columns;
  }

  private record Binned(byte[] codes, double[] least, double[] greatest) {}

  private static Binned bin(double[] column) {
    double[] sorted = column.clone();
    Arrays.sort(sorted);
    int[] counts = new int[sorted.length];
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
      counts[distinct - 1]++;
    }
    // sorted[0, distinct) now holds the distinct values, counts[0, distinct) how often each occurs.
    double[] values = Arrays.copyOf(sorted, distinct);
    double[] upper;
    double[] lower;
    if (distinct <= MAX_BINS) {
      upper = values;
      lower = values;
    } else {
      double[][] bounds = quantileBounds(column.length, values, counts);
      lower = bounds[0];
      upper = bounds[1];
    }
    byte[] codes = new byte[column.length];
    for (int r = 0; r < column.length; r++) {
      codes[r] = (byte) binOf(upper, column[r]);
    }
    return new Binned(codes, lower, upper);
  }

  /**
   * The least and greatest value of each of at most {@link #QUANTILE_BINS} bins over the sorted
   * distinct {@code values}: a bin closes once it holds its share of the rows not yet binned.
   */
  private static double[][] quantileBounds(int n, double[] values, int[] counts) {
    double[] lower = new double[QUANTILE_BINS];
    double[] upper = new double[QUANTILE_BINS];
    int bins = 0;
    long seen = 0;
    double target = n / (double) QUANTILE_BINS;
    int start = 0;
    for (int v = 0; v < values.length; v++) {
      seen += counts[v];
      boolean last = v == values.length - 1;
      if (last || (seen >= target && bins < QUANTILE_BINS - 1)) {
        lower[bins] = values[start];
        upper[bins] = values[v];
        bins++;
        start = v + 1;
        target = seen + (n - seen) / (double) (QUANTILE_BINS - bins);
      }
    }
    return new double[][] {Arrays.copyOf(lower, bins), Arrays.copyOf(upper, bins)};
  }

  /** The first bin whose greatest value is at least {@code x}. */
  private static int binOf(double[] upper, double x) {
    int lo = 0;
    int hi = upper.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (upper[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
