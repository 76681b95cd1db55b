package org.mlengine.core;

import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.Arrays;

/**
 * Every feature of a training matrix binned once per fit, for the tree engine: a column of bin
 * numbers (one unsigned byte per row) per feature, and each bin's least and greatest value. A
 * feature with at most {@value #MAX_BINS} distinct values gets one bin per value, so every split
 * an exact CART could make is still possible; any other feature gets at most
 * {@value #QUANTILE_BINS} bins of about equal row counts, each holding whole runs of equal values
 * (counted on {@value #SAMPLE_ROWS} evenly spaced rows when there are more). Absent entries of the sparse matrix are 0.
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
  /** Rows whose values set a long column's bin bounds (as LightGBM and scikit-learn's histogram boosting sample). */
  private static final int SAMPLE_ROWS = 200_000;
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
    return of(m, features, threads, SAMPLE_ROWS);
  }

  /** As {@link #of(FeatureMatrix, int, int)}, with bin bounds from {@code sampleRows} rows of longer columns. */
  static TreeBins of(FeatureMatrix m, int features, int threads, int sampleRows) {
    byte[][] codes = new byte[features][];
    double[][] least = new double[features][];
    double[][] greatest = new double[features][];
    for (int first = 0; first < features; first += FEATURES_PER_PASS) {
      int from = first;
      double[][] columns = denseColumns(m, from, Math.min(features, first + FEATURES_PER_PASS));
      Parallel.forEach(columns.length, threads, j -> {
        Binned b = bin(columns[j], sampleRows);
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

  /**
   * Feature slots {@code [from, to)} of {@code m} as dense columns, zeros where absent; a dense
   * matrix's own columns where they hold no -0.0 (binning reads them and never writes).
   */
  private static double[][] denseColumns(FeatureMatrix m, int from, int to) {
    if (m.isDense()) {
      double[][] columns = new double[to - from][];
      for (int slot = from; slot < to; slot++) {
        columns[slot - from] = withoutNegativeZero(m.columns[slot]);
      }
      return columns;
    }
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

  /** The column itself, or a copy with every -0.0 made 0.0 when it holds one: one value, one bin. */
  private static double[] withoutNegativeZero(double[] column) {
    for (int r = 0; r < column.length; r++) {
      if (Double.doubleToRawLongBits(column[r]) == Long.MIN_VALUE) {
        double[] copy = column.clone();
        for (int i = r; i < copy.length; i++) {
          copy[i] += 0.0;
        }
        return copy;
      }
    }
    return column;
  }

  private record Binned(byte[] codes, double[] least, double[] greatest) {}

  /**
   * Bins one column. The bin bounds come from a sample of evenly spaced rows when the column is
   * longer than {@code sampleRows}; a column whose sample shows at most {@link #MAX_BINS}
   * distinct values is binned exactly only if every row holds one of them, else the bounds are
   * taken again from every row. Each bin's least and greatest value are those of the rows in it.
   */
  private static Binned bin(double[] column, int sampleRows) {
    if (column.length > sampleRows) {
      double[] sample = new double[sampleRows];
      for (int i = 0; i < sampleRows; i++) {
        sample[i] = column[(int) ((long) i * column.length / sampleRows)];
      }
      Binned sampled = bin(column, sample);
      if (sampled != null) {
        return sampled;
      }
    }
    return bin(column, column.clone());
  }

  /** Bins {@code column} by bounds from {@code sample} (a copy, sorted here); null when the sample shows few distinct values but the column has others. */
  private static Binned bin(double[] column, double[] sample) {
    Arrays.sort(sample);
    int[] counts = new int[sample.length];
    int distinct = 0;
    for (int i = 0; i < sample.length; i++) {
      if (i == 0 || sample[i] != sample[i - 1]) {
        sample[distinct++] = sample[i];
      }
      counts[distinct - 1]++;
    }
    // sample[0, distinct) now holds the distinct values, counts[0, distinct) how often each occurs.
    double[] values = Arrays.copyOf(sample, distinct);
    boolean exact = distinct <= MAX_BINS;
    double[] upper = exact ? values : quantileUpperBounds(sample.length, values, counts);
    int bins = upper.length;
    double[] least = new double[bins];
    double[] greatest = new double[bins];
    Arrays.fill(least, Double.POSITIVE_INFINITY);
    Arrays.fill(greatest, Double.NEGATIVE_INFINITY);
    byte[] codes = new byte[column.length];
    for (int r = 0; r < column.length; r++) {
      double x = column[r];
      int b = binOf(upper, x);
      if (exact && upper[b] != x) {
        return null;
      }
      codes[r] = (byte) b;
      least[b] = Math.min(least[b], x);
      greatest[b] = Math.max(greatest[b], x);
    }
    return new Binned(codes, least, greatest);
  }

  /**
   * The greatest value of each of at most {@link #QUANTILE_BINS} bins over the sorted distinct
   * {@code values} of {@code n} rows: a bin closes once it holds its share of the rows not yet binned.
   */
  private static double[] quantileUpperBounds(int n, double[] values, int[] counts) {
    double[] upper = new double[QUANTILE_BINS];
    int bins = 0;
    long seen = 0;
    double target = n / (double) QUANTILE_BINS;
    for (int v = 0; v < values.length; v++) {
      seen += counts[v];
      boolean last = v == values.length - 1;
      if (last || (seen >= target && bins < QUANTILE_BINS - 1)) {
        upper[bins++] = values[v];
        target = seen + (n - seen) / (double) (QUANTILE_BINS - bins);
      }
    }
    return Arrays.copyOf(upper, bins);
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
