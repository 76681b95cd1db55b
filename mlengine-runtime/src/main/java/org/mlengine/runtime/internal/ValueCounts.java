package org.mlengine.runtime.internal;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The non-missing values of a numeric column as its distinct values (sorted as {@link
 * Arrays#sort(double[])} sorts, so -0.0 before 0.0) with how often each occurs: the sorted
 * column without sorting every value, for columns with few distinct values. Reading it in order,
 * each value as often as it occurs, gives exactly the sorted array, so sums and quantiles taken
 * over it are the same doubles.
 *
 * <pre>{@code
 * ValueCounts counted = ValueCounts.of(values, values.length / 2);   // null: too many distinct values, sort instead
 * double smallest = counted.value(0);
 * double median = counted.sorted(counted.present() / 2);
 * }</pre>
 */
@API(status = API.Status.INTERNAL, consumers = "org.mlengine")
public final class ValueCounts {
  /** The most distinct values counted; a column with more is sorted instead ({@link #of} returns null). */
  public static final int MOST_DISTINCT = 1 << 17;

  private final double[] values;
  private final int[] counts;
  private final int present;

  private ValueCounts(double[] values, int[] counts, int present) {
    this.values = values;
    this.counts = counts;
    this.present = present;
  }

  /**
   * The distinct non-NaN values of {@code column} and their counts, or null when there are more
   * than {@code min(MOST_DISTINCT, limit)} (sorting is then about as fast).
   */
  public static ValueCounts of(double[] column, int limit) {
    limit = Math.min(MOST_DISTINCT, limit);
    long free = Double.doubleToRawLongBits(Double.NaN);   // NaN is never stored, so its bits mark a free slot
    long[] slots = new long[Integer.highestOneBit(Math.max(2, limit) * 2 - 1) << 1];
    int[] slotCounts = new int[slots.length];
    Arrays.fill(slots, free);
    int mask = slots.length - 1;
    int size = 0;
    int present = 0;
    for (double v : column) {
      if (Double.isNaN(v)) {
        continue;
      }
      present++;
      long bits = Double.doubleToRawLongBits(v);
      int slot = (int) mix(bits) & mask;
      while (slots[slot] != free && slots[slot] != bits) {
        slot = (slot + 1) & mask;
      }
      if (slots[slot] == free) {
        if (++size > limit) {
          return null;
        }
        slots[slot] = bits;
      }
      slotCounts[slot]++;
    }
    double[] values = new double[size];
    int j = 0;
    for (long bits : slots) {
      if (bits != free) {
        values[j++] = Double.longBitsToDouble(bits);
      }
    }
    Arrays.sort(values);
    int[] counts = new int[size];
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != free) {
        counts[Arrays.binarySearch(values, Double.longBitsToDouble(slots[i]))] = slotCounts[i];
      }
    }
    return new ValueCounts(values, counts, present);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /** How many values are not missing. */
  public int present() {
    return present;
  }

  /** How many distinct values there are, as bits (-0.0 and 0.0 apart). */
  public int size() {
    return values.length;
  }

  /** The {@code i}-th smallest distinct value. */
  public double value(int i) {
    return values[i];
  }

  /** How often the {@code i}-th smallest distinct value occurs. */
  public int count(int i) {
    return counts[i];
  }

  /** The value at {@code index} of the sorted non-missing values. */
  public double sorted(int index) {
    int seen = 0;
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (index < seen) {
        return values[i];
      }
    }
    throw new IndexOutOfBoundsException("index " + index + " of " + present + " values");
  }
}
