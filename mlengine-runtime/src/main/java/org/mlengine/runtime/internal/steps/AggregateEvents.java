package org.mlengine.runtime.internal.steps;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;

/**
 * A related table sorted once by (key, time, row order), for the offline path: each parent row
 * finds its key's block in a hash map and its window in the block by binary search, so a table
 * of P parents over C related rows costs O(C log C + P log C) plus the rows in the windows.
 * Immutable after construction.
 *
 * <pre>{@code
 * AggregateEvents events = new AggregateEvents(definition, paymentRows);   // sorted once
 * Table out = new AggregateTransform(definition, events).apply(customers);
 * }</pre>
 */
public final class AggregateEvents {
  /** Per key, the block {@code [start, end)} of its rows in the sorted arrays. */
  private final Map<String, int[]> blocks;
  private final long[] times;
  private final double[][] numbers;
  private final String[][] strings;

  /**
   * Sorts the related rows; the builder has checked that the key and time columns hold no
   * missing values and that the value columns have the definition's types.
   */
  public AggregateEvents(AggregateDefinition definition, Table rows) {
    int n = rows.rowCount();
    String[] keys = rows.stringColumn(definition.childKey());
    long[] t = rows.timestampColumn(definition.time());
    int[] order = sortedOrder(keys, t);
    times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = t[order[i]];
    }
    List<String> numeric = definition.valueColumns(ColumnType.NUMERIC);
    numbers = new double[numeric.size()][];
    for (int c = 0; c < numbers.length; c++) {
      double[] v = rows.numericColumn(numeric.get(c));
      numbers[c] = new double[n];
      for (int i = 0; i < n; i++) {
        numbers[c][i] = v[order[i]];
      }
    }
    List<String> categorical = definition.valueColumns(ColumnType.CATEGORICAL);
    strings = new String[categorical.size()][];
    for (int c = 0; c < strings.length; c++) {
      String[] v = rows.stringColumn(categorical.get(c));
      strings[c] = new String[n];
      for (int i = 0; i < n; i++) {
        strings[c][i] = v[order[i]];
      }
    }
    Map<String, int[]> b = new HashMap<>();
    int start = 0;
    for (int i = 1; i <= n; i++) {
      if (i == n || !keys[order[i]].equals(keys[order[start]])) {
        b.put(keys[order[start]], new int[] {start, i});
        start = i;
      }
    }
    blocks = b;
  }

  /**
   * The row order by (key, time, row): a counting sort groups the rows by key in row order, then
   * each key's block not already in time order is sorted on primitives, by the time's rank among
   * the block's times and then the row's place in the block (so ties keep row order).
   */
  private static int[] sortedOrder(String[] keys, long[] t) {
    int n = keys.length;
    Map<String, Integer> ids = new HashMap<>();
    int[] keyId = new int[n];
    for (int r = 0; r < n; r++) {
      keyId[r] = ids.computeIfAbsent(keys[r], k -> ids.size());
    }
    int[] next = new int[ids.size() + 1];
    for (int r = 0; r < n; r++) {
      next[keyId[r] + 1]++;
    }
    for (int k = 0; k < ids.size(); k++) {
      next[k + 1] += next[k];
    }
    int[] blockStart = next.clone();
    int[] order = new int[n];
    for (int r = 0; r < n; r++) {
      order[next[keyId[r]]++] = r;
    }
    for (int k = 0; k < ids.size(); k++) {
      int lo = blockStart[k];
      int size = blockStart[k + 1] - lo;
      boolean inOrder = true;
      for (int i = lo + 1; i < lo + size && inOrder; i++) {
        inOrder = t[order[i - 1]] <= t[order[i]];
      }
      if (inOrder) {
        continue;
      }
      long[] sortedTimes = new long[size];
      for (int i = 0; i < size; i++) {
        sortedTimes[i] = t[order[lo + i]];
      }
      Arrays.sort(sortedTimes);
      // rank < size and place < size, so rank * size + place < size^2 < 2^62 fits a long.
      long[] packed = new long[size];
      for (int i = 0; i < size; i++) {
        packed[i] = (long) Arrays.binarySearch(sortedTimes, t[order[lo + i]]) * size + i;
      }
      Arrays.sort(packed);
      int[] block = Arrays.copyOfRange(order, lo, lo + size);
      for (int i = 0; i < size; i++) {
        order[lo + i] = block[(int) (packed[i] % size)];
      }
    }
    return order;
  }

  /** The number of related rows. */
  int size() {
    return times.length;
  }

  /**
   * Computes a parent row's values from the related rows of its key with times in
   * {@code [from, until)}.
   */
  void compute(AggregateValues values, String key, long from, long until, long cutoffMillis, double[] numbersOut,
      String[] stringsOut) {
    int[] block = blocks.get(key);
    int lo = 0;
    int hi = 0;
    if (block != null) {
      lo = firstAtOrAfter(block[0], block[1], from);
      hi = firstAtOrAfter(lo, block[1], until);
    }
    values.compute(times, numbers, strings, lo, hi, cutoffMillis, numbersOut, stringsOut);
  }

  /** The first position in {@code [lo, hi)} whose time is at or after {@code time}. */
  private int firstAtOrAfter(int lo, int hi, long time) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
