package org.mlengine.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The row-index arithmetic every kind of {@link Split} shares: seeded shuffles, shares, draws of units and sorted index arrays. */
final class SplitRows {

  private SplitRows() {}

  static List<int[]> singletons(int n) {
    List<int[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new int[] {i});
    }
    return out;
  }

  /**
   * Takes units in order while that brings the taken rows no further from {@code target} than
   * they are; if none fits, the smallest unit, so that the part is never empty. Always leaves at
   * least {@code reserve} units for the parts still to fill.
   */
  static List<int[]> take(List<int[]> units, boolean[] taken, int target, int reserve) {
    int left = 0;
    for (boolean t : taken) {
      left += t ? 0 : 1;
    }
    List<int[]> out = new ArrayList<>();
    int rows = 0;
    for (int i = 0; i < units.size() && rows < target && left > reserve; i++) {
      int size = units.get(i).length;
      if (!taken[i] && rows + size - target <= target - rows) {
        taken[i] = true;
        out.add(units.get(i));
        rows += size;
        left--;
      }
    }
    if (out.isEmpty()) {
      int smallest = -1;
      for (int i = 0; i < units.size(); i++) {
        if (!taken[i] && (smallest < 0 || units.get(i).length < units.get(smallest).length)) {
          smallest = i;
        }
      }
      if (smallest < 0 || left <= reserve) {
        throw new IllegalStateException("no unit left to hold out; this is a bug in Split");
      }
      taken[smallest] = true;
      out.add(units.get(smallest));
    }
    return out;
  }

  /**
   * Shares {@code total} among classes in proportion to {@code counts} by largest remainder
   * (ties at random), so each class gets the floor or the ceiling of its exact share.
   */
  static int[] apportion(int[] counts, int total, SplittableRandom random) {
    long sum = Arrays.stream(counts).asLongStream().sum();
    int[] out = new int[counts.length];
    long[] remainder = new long[counts.length];
    int assigned = 0;
    for (int c = 0; c < counts.length; c++) {
      long exact = (long) total * counts[c];
      out[c] = (int) (exact / sum);
      remainder[c] = exact % sum;
      assigned += out[c];
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      order.add(c);
    }
    shuffle(order, random);
    order.sort((a, b) -> Long.compare(remainder[b], remainder[a]));
    for (int i = 0; i < total - assigned; i++) {
      out[order.get(i)]++;
    }
    return out;
  }

  static int share(BigDecimal fraction, int n) {
    return fraction.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  /** The same shuffle as {@link #shuffle(List, SplittableRandom)}, on an array: the same draws give the same order. */
  static void shuffle(int[] rows, SplittableRandom random) {
    for (int i = rows.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = rows[i];
      rows[i] = rows[j];
      rows[j] = tmp;
    }
  }

  static int[] flatten(List<int[]> units) {
    return units.stream().flatMapToInt(Arrays::stream).sorted().toArray();
  }

  static int[] sorted(List<Integer> rows) {
    return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
