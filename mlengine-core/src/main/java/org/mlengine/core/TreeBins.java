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
 *
 * <p>The bins are held row by row: a row's bins of every feature side by side, in blocks of
 * {@code 2^shift} rows (so that no array passes Java's 2^31 limit). A node's histogram visits its
 * rows once and reads each row's bins from one or two cache lines; feature by feature, as they
 * were held before, a deep node's scattered rows cost a cache line per row and feature, and the
 * time per tree grew as rows^1.15–1.20 between 100k and 4M rows once the columns no longer fit the
 * caches (issue #15).
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

  /** The most bytes of one block of rows' bins (when a single row's bins take fewer). */
  private static final int BLOCK_BYTES = 1 << 22;

  final int rows;
  /**
   * The bins, row by row in blocks: {@code blocks[r >>> shift][(r & mask) * features() + f] & 0xFF}
   * is the bin of row {@code r}'s value of feature {@code f} ({@link #code}).
   */
  final byte[][] blocks;
  /** Row {@code r}'s block is {@code r >>> shift}; its place in the block {@code r & mask}. */
  final int shift;
  final int mask;
  /** {@code least[f][b]}, {@code greatest[f][b]}: the least and greatest value in bin {@code b} of feature {@code f}. */
  final double[][] least;
  final double[][] greatest;

  private TreeBins(int rows, byte[][] blocks, int shift, double[][] least, double[][] greatest) {
    this.rows = rows;
    this.blocks = blocks;
    this.shift = shift;
    this.mask = (1 << shift) - 1;
    this.least = least;
    this.greatest = greatest;
  }

  /** Bins the {@code features} feature slots of {@code m}, binning up to {@code threads} features at once. */
  static TreeBins of(FeatureMatrix m, int features, int threads) {
    return of(m, features, threads, SAMPLE_ROWS);
  }

  /** As {@link #of(FeatureMatrix, int, int)}, with bin bounds from {@code sampleRows} rows of longer columns. */
  static TreeBins of(FeatureMatrix m, int features, int threads, int sampleRows) {
    return of(m, features, threads, sampleRows, BLOCK_BYTES);
  }

  /** As {@link #of(FeatureMatrix, int, int, int)}, in blocks of at most {@code blockBytes} bytes (or one row). */
  static TreeBins of(FeatureMatrix m, int features, int threads, int sampleRows, int blockBytes) {
    double[][] least = new double[features][];
    double[][] greatest = new double[features][];
    int shift = blockShift(features, blockBytes);
    byte[][] blocks = new byte[(int) ((m.rows + (1L << shift) - 1) >>> shift)][];
    for (int k = 0; k < blocks.length; k++) {
      blocks[k] = new byte[Math.multiplyExact(Math.min(1 << shift, m.rows - (k << shift)), features)];
    }
    for (int first = 0; first < features; first += FEATURES_PER_PASS) {
      int from = first;
      double[][] columns = denseColumns(m, from, Math.min(features, first + FEATURES_PER_PASS));
      byte[][] codes = new byte[columns.length][];
      Parallel.forEach(columns.length, threads, j -> {
        Binned b = columns[j] != null ? bin(columns[j], sampleRows) : bin(m.indicators[from + j]);
        codes[j] = b.codes;
        least[from + j] = b.least;
        greatest[from + j] = b.greatest;
      });
      Parallel.forEach(blocks.length, threads, k -> {
        byte[] block = blocks[k];
        int firstRow = k << shift;
        for (int j = 0; j < codes.length; j++) {
          byte[] code = codes[j];
          for (int i = 0, at = from + j; at < block.length; i++, at += features) {
            block[at] = code[firstRow + i];
          }
        }
      });
    }
    return new TreeBins(m.rows, blocks, shift, least, greatest);
  }

  /** The rows of a block as a power of two: as many as fit in {@code blockBytes} (one at least). */
  private static int blockShift(int features, int blockBytes) {
    return Integer.numberOfTrailingZeros(Integer.highestOneBit(Math.max(1, blockBytes / Math.max(1, features))));
  }

  int features() {
    return least.length;
  }

  /** The bin of row {@code r}'s value of feature {@code feature}. */
  int code(int feature, int r) {
    return blocks[r >>> shift][(r & mask) * least.length + feature] & 0xFF;
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
   * matrix's own columns where they hold no -0.0 (binning reads them and never writes), null for
   * a slot in its {@link FeatureMatrix#indicators}.
   */
  private static double[][] denseColumns(FeatureMatrix m, int from, int to) {
    if (m.isDense()) {
      double[][] columns = new double[to - from][];
      for (int slot = from; slot < to; slot++) {
        columns[slot - from] = m.columns[slot] == null ? null : withoutNegativeZero(m.columns[slot]);
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

  /**
   * Bins a 0/1 column ({@link FeatureMatrix#indicators}) as {@link #bin(double[], int)} bins the
   * same values as doubles: one bin per value that occurs, so a row's bin is its value when both
   * occur (the column's own bytes serve as the codes) and 0 when one does; no copy as doubles.
   */
  private static Binned bin(byte[] flags) {
    boolean[] seen = new boolean[2];
    for (byte flag : flags) {
      seen[flag] = true;
    }
    double[] values = seen[0] && seen[1] ? new double[] {0.0, 1.0} : seen[0] ? new double[] {0.0} : seen[1] ? new double[] {1.0} : new double[0];
    byte[] codes = values.length == 2 ? flags : new byte[flags.length];
    return new Binned(codes, values, values.clone());
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
