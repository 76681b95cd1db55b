package org.mlengine.core.internal;

import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rows sorted into classes of equal values in some columns, exactly or after the near-duplicate
 * normalization, in linear time: each row's values are hashed column by column into one 64-bit
 * number, and a row joins a class only after its values are compared with the class's first
 * row, so two different rows whose hashes collide stay apart.
 *
 * <p>Each column's value at a row becomes a {@code long} that equals another row's exactly when
 * the values (normalized, if asked) are equal as {@code Objects.equals} sees them: a number's
 * bits (so 0.0 and -0.0 differ unless normalized, as {@code Double.equals} has it), a timestamp's
 * milliseconds, and for text, categories and vectors the index of the value among the column's
 * distinct ones, found through a {@code HashMap} (so it too compares values, not hashes).
 *
 * <pre>{@code
 * int[] classes = RowClasses.of(table, List.of("Income", "Job", "Status"), true, rows);
 * boolean same = classes[3] == classes[8];   // rows 3 and 8 equal after normalization
 * }</pre>
 */
final class RowClasses {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** One column's values, each as a {@code long} that is equal for equal values. */
  @FunctionalInterface
  interface ColumnKey {
    long key(int row);

    /**
     * Mixes this column's keys of {@code rows[from..to)} into {@code hashes[from..to)}, as
     * {@link #MIXED} does one column at a time; the column kinds override it with a loop over
     * their own arrays (the same values, without a call per row through this interface).
     */
    default void mix(long[] hashes, int[] rows, int from, int to) {
      for (int i = from; i < to; i++) {
        hashes[i] = (hashes[i] + spread(key(rows[i]))) * GOLDEN;
      }
    }
  }

  /** How each row's keys become its 64-bit hash; tests swap in a colliding one. */
  @FunctionalInterface
  interface RowHash {
    long[] hashes(List<ColumnKey> keys, int[] rows);
  }

  /** Rows a task of {@link #MIXED} hashes, every column over them before the next block. */
  private static final int BLOCK = 1 << 14;
  /** {@link #firstOfClass}'s buckets hold 8k–16k rows: a table of at most 256 KB each. */
  private static final int BUCKET_ROWS = 1 << 13;

  /**
   * Mixes the columns' keys, one column at a time: {@code h = (h + spread(key)) * GOLDEN} per
   * column in order. Blocks of rows are hashed in parallel; each row's hash is the same on any
   * number of threads.
   */
  static final RowHash MIXED = (keys, rows) -> {
    long[] out = new long[rows.length];
    int blocks = (rows.length + BLOCK - 1) / BLOCK;
    java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
      int from = b * BLOCK;
      int to = Math.min(rows.length, from + BLOCK);
      for (ColumnKey k : keys) {
        k.mix(out, rows, from, to);
      }
    });
    return out;
  };

  private RowClasses() {}

  /**
   * A class id per row of the table: equal ids for rows whose values in {@code columns} are equal
   * (after normalization if {@code normalize}); -1 for rows not in {@code rows}.
   */
  static int[] of(Table table, List<String> columns, boolean normalize, int[] rows) {
    return of(table.rowCount(), keys(table, columns, normalize), rows, MIXED);
  }

  static int[] of(int rowCount, List<ColumnKey> keys, int[] rows, RowHash hash) {
    int[] first = firstOfClass(keys, rows, hash.hashes(keys, rows));
    // Classes numbered in the order of their first rows, which come before the class's other rows.
    int[] out = new int[rowCount];
    java.util.Arrays.fill(out, -1);
    int classes = 0;
    for (int i = 0; i < rows.length; i++) {
      out[rows[i]] = first[i] == i ? classes++ : out[rows[first[i]]];
    }
    return out;
  }

  /**
   * For each position i of {@code rows}, the first position whose row has the same values (i
   * itself for the first row of its class). The positions are dealt into buckets by the top bits
   * of their hash, in order, and each bucket is joined in an open-addressing table of its own (a
   * slot holds the upper half of a class's first row's hash beside that row's position, so most
   * probes read one cache line): tables that fit the caches, where one table for 1M rows took
   * 32 MB and a cache miss per row (a quarter of the audit's time, #15); the buckets run in
   * parallel, with the same answer on any number of threads.
   */
  private static int[] firstOfClass(List<ColumnKey> keys, int[] rows, long[] hashes) {
    int n = rows.length;
    int bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, n / BUCKET_ROWS));
    int[] start = new int[(1 << bits) + 1];
    for (long h : hashes) {
      start[bucket(h, bits) + 1]++;
    }
    for (int b = 1; b < start.length; b++) {
      start[b] += start[b - 1];
    }
    // Each bucket's positions and hashes side by side, so that joining a bucket reads them in order.
    int[] order = new int[n];
    long[] orderedHashes = new long[n];
    int[] next = java.util.Arrays.copyOf(start, start.length - 1);
    for (int i = 0; i < n; i++) {
      int j = next[bucket(hashes[i], bits)]++;
      order[j] = i;
      orderedHashes[j] = hashes[i];
    }
    int[] first = new int[n];
    java.util.stream.IntStream.range(0, 1 << bits).parallel().forEach(b -> {
      int[] slots = new int[Integer.highestOneBit(Math.max(2, start[b + 1] - start[b]) * 2 - 1) << 2];
      java.util.Arrays.fill(slots, -1);
      int mask = slots.length / 2 - 1;
      for (int j = start[b]; j < start[b + 1]; j++) {
        int i = order[j];
        long hash = orderedHashes[j];
        int tag = (int) (hash >>> 32);
        int slot = (int) spread(hash) & mask;
        while (true) {
          int f = slots[2 * slot + 1];
          if (f < 0) {
            slots[2 * slot] = tag;
            slots[2 * slot + 1] = i;
            first[i] = i;
            break;
          }
          if (slots[2 * slot] == tag && hashes[f] == hash && same(keys, rows[f], rows[i])) {
            first[i] = f;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
    });
    return first;
  }

  /** The bucket of a hash: the top {@code bits} bits of its spread (a slot in the bucket takes low ones). */
  private static int bucket(long hash, int bits) {
    return bits == 0 ? 0 : (int) (spread(hash) >>> (64 - bits));
  }

  private static boolean same(List<ColumnKey> keys, int a, int b) {
    for (ColumnKey k : keys) {
      if (k.key(a) != k.key(b)) {
        return false;
      }
    }
    return true;
  }

  /** MurmurHash3's 64-bit finalizer: every input bit moves about half the output bits. */
  static long spread(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  // ---- each column's values as longs ----

  static List<ColumnKey> keys(Table table, List<String> columns, boolean normalize) {
    List<ColumnKey> out = new ArrayList<>(columns.size());
    for (String c : columns) {
      out.add(key(RuntimeAccess.tables().column(table, c), normalize));
    }
    return out;
  }

  private static ColumnKey key(Column any, boolean normalize) {
    Column column = Column.plain(any);   // a one-hot column held as 0/1 bytes keys as the doubles it reads as
    if (column instanceof Column.Numeric n) {
      return normalize ? new RoundedNumbers(n.values()) : new Numbers(n.values());
    }
    if (column instanceof Column.Timestamp t) {
      return new Millis(t.millis());
    }
    if (column instanceof Column.Categorical c) {
      return new Codes(c.codes(), ids(c.dictionary(), normalize));
    }
    Map<Object, Integer> index = new HashMap<>();
    List<Object> distinct = new ArrayList<>();
    int[] codes = new int[column.size()];
    for (int r = 0; r < codes.length; r++) {
      Object v = column.value(r);
      codes[r] = v == null ? -1 : index.computeIfAbsent(v, k -> {
        distinct.add(k);
        return distinct.size() - 1;
      });
    }
    return new Codes(codes, ids(distinct, normalize));   // each distinct text normalized once
  }

  /** A number's bits (0.0 and -0.0 differ, as {@code Double.equals} has it). */
  private record Numbers(double[] values) implements ColumnKey {
    @Override
    public long key(int row) {
      return Double.doubleToLongBits(values[row]);
    }

    @Override
    public void mix(long[] hashes, int[] rows, int from, int to) {
      for (int i = from; i < to; i++) {
        hashes[i] = (hashes[i] + spread(Double.doubleToLongBits(values[rows[i]]))) * GOLDEN;
      }
    }
  }

  /** A number's bits after rounding to {@link SignificantDigits#DIGITS} significant digits. */
  private record RoundedNumbers(double[] values) implements ColumnKey {
    @Override
    public long key(int row) {
      return Double.doubleToLongBits(SignificantDigits.round(values[row]));
    }

    @Override
    public void mix(long[] hashes, int[] rows, int from, int to) {
      for (int i = from; i < to; i++) {
        hashes[i] = (hashes[i] + spread(Double.doubleToLongBits(SignificantDigits.round(values[rows[i]])))) * GOLDEN;
      }
    }
  }

  /** A timestamp's milliseconds. */
  private record Millis(long[] millis) implements ColumnKey {
    @Override
    public long key(int row) {
      return millis[row];
    }

    @Override
    public void mix(long[] hashes, int[] rows, int from, int to) {
      for (int i = from; i < to; i++) {
        hashes[i] = (hashes[i] + spread(millis[rows[i]])) * GOLDEN;
      }
    }
  }

  /** The index of a row's value among the column's distinct values (-1 when missing), through its code. */
  private record Codes(int[] codes, int[] ids) implements ColumnKey {
    @Override
    public long key(int row) {
      return codes[row] < 0 ? -1 : ids[codes[row]];
    }

    @Override
    public void mix(long[] hashes, int[] rows, int from, int to) {
      for (int i = from; i < to; i++) {
        int code = codes[rows[i]];
        hashes[i] = (hashes[i] + spread(code < 0 ? -1 : ids[code])) * GOLDEN;
      }
    }
  }

  /** Each value's index among the distinct values (normalized if asked) in order of appearance; -1 for null. */
  private static int[] ids(List<?> values, boolean normalize) {
    Map<Object, Integer> index = new HashMap<>();
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      if (normalize && v instanceof String s) {
        v = normalized(s);
      }
      out[i] = v == null ? -1 : index.computeIfAbsent(v, k -> index.size());
    }
    return out;
  }

  /** Text and categories for near-duplicates: trimmed, lower-cased, runs of whitespace as one space. */
  static String normalized(String s) {
    return WHITESPACE.matcher(s.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
  }
}
