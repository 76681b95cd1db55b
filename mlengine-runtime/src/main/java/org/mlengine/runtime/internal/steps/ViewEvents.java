package org.mlengine.runtime.internal.steps;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * A feature view's events sorted once by (entity, time, row) into primitive arrays, and the
 * point-in-time join of labelled rows against them: each row finds its entity's block by the
 * entity's dictionary code and the events before its cutoff by binary search, then {@link
 * ViewEngine#compute} reads that block. No object per event or per row.
 *
 * <pre>{@code
 * ViewEngine.Events sorted = engine.sort(events);
 * ViewEngine.Joined out = engine.join(labels, Optional.of("Store"), "date", sorted);
 * }</pre>
 */
final class ViewEvents implements ViewEngine.Events {
  private final long[] times;
  private final double[][] numbers;
  private final String[][] strings;
  /** Block of entity code k: {@code [start[k], start[k + 1])}. */
  private final int[] start;
  /** The entity code of each dictionary entry's value. */
  private final Map<String, Integer> codes;

  private ViewEvents(long[] times, double[][] numbers, String[][] strings, int[] start, Map<String, Integer> codes) {
    this.times = times;
    this.numbers = numbers;
    this.strings = strings;
    this.start = start;
    this.codes = codes;
  }

  @Override
  public int size() {
    return times.length;
  }

  /**
   * Sorts the events by (entity, time, row) in two passes over the table's own arrays: a count
   * per entity, then one sequential pass that drops each event's time and values into its
   * entity's block (so the reads are in order and the writes go to one cursor per entity); only
   * a block whose times are then out of order is sorted, stably, on its own.
   */
  static ViewEvents sort(ViewEngine engine, Table events) {
    String step = "feature view over '" + engine.source() + "'";
    int n = events.rowCount();
    Inputs.requirePresent(step, events, engine.time());
    if (events.type(engine.time()) != ColumnType.TIMESTAMP) {
      throw Inputs.wrongTypeAtApply(step, engine.time(), events.type(engine.time()), ColumnType.TIMESTAMP);
    }
    long[] t = ((Column.Timestamp) RuntimeAccess.tables().column(events, engine.time())).millis();
    Map<String, Integer> codes = new HashMap<>();
    int[] keyId = keyCodes(engine, events, step, codes);
    int keys = engine.entity().isPresent() ? codes.size() : 1;
    double[][] source = numericSources(engine, events, step);
    int[] start = blockStarts(engine, keyId, keys, t);
    int[] next = Arrays.copyOf(start, keys);
    long[] times = new long[n];
    double[][] numbers = new double[source.length][n];
    List<String> categorical = engine.categoricalColumns();
    // The row of each sorted event, only needed to carry CATEGORICAL values along.
    int[] order = categorical.isEmpty() ? null : new int[n];
    for (int r = 0; r < n; r++) {
      int p = next[keyId == null ? 0 : keyId[r]]++;
      times[p] = t[r];
      if (order != null) {
        order[p] = r;
      }
      for (int c = 0; c < source.length; c++) {
        numbers[c][p] = source[c][r];
      }
    }
    for (int k = 0; k < keys; k++) {
      sortBlock(times, numbers, order, start[k], start[k + 1]);
    }
    String[][] strings = new String[categorical.size()][];
    for (int c = 0; c < strings.length; c++) {
      String[] v = Inputs.strings(step, events, categorical.get(c));
      String[] sorted = new String[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = v[order[i]];
      }
      strings[c] = sorted;
    }
    return new ViewEvents(times, numbers, strings, start, codes);
  }

  /** The events' entity codes (null for a view without entity), filling {@code codes} with each value's code. */
  private static int[] keyCodes(ViewEngine engine, Table events, String step, Map<String, Integer> codes) {
    if (engine.entity().isEmpty()) {
      return null;
    }
    String e = engine.entity().get();
    Inputs.requirePresent(step, events, e);
    if (events.type(e) != ColumnType.CATEGORICAL) {
      throw Inputs.wrongTypeAtApply(step, e, events.type(e), ColumnType.CATEGORICAL);
    }
    Column.Categorical c = (Column.Categorical) RuntimeAccess.tables().column(events, e);
    List<String> dictionary = c.dictionary();
    for (int i = 0; i < dictionary.size(); i++) {
      codes.put(dictionary.get(i), i);
    }
    return c.codes();
  }

  /** The events' NUMERIC value columns (the table's own arrays, read only), refusing infinities. */
  private static double[][] numericSources(ViewEngine engine, Table events, String step) {
    List<String> numeric = engine.numericColumns();
    double[][] source = new double[numeric.size()][];
    for (int c = 0; c < source.length; c++) {
      source[c] = events.type(numeric.get(c)) == ColumnType.NUMERIC
          ? RuntimeAccess.tables().numericColumnRef(events, numeric.get(c)) : Inputs.numbers(step, events, numeric.get(c));
      for (int r = 0; r < source[c].length; r++) {
        if (Double.isInfinite(source[c][r])) {
          throw new InvalidInputException(numeric.get(c), step + " got " + source[c][r] + " at row " + r + " of column '"
              + numeric.get(c) + "'; its statistics need finite values. Give NaN or null where the value is missing.");
        }
      }
    }
    return source;
  }

  /** Where each entity's block starts (and the end, last), refusing an event without entity or time. */
  private static int[] blockStarts(ViewEngine engine, int[] keyId, int keys, long[] t) {
    int[] start = new int[keys + 1];
    for (int r = 0; r < t.length; r++) {
      int k = keyId == null ? 0 : keyId[r];
      if (k < 0) {
        throw ViewEngine.missing(engine.entity().get(), "entity", r, engine.source());
      }
      if (t[r] == Long.MIN_VALUE) {
        throw ViewEngine.missing(engine.time(), "event time", r, engine.source());
      }
      start[k + 1]++;
    }
    for (int k = 0; k < keys; k++) {
      start[k + 1] += start[k];
    }
    return start;
  }

  /** Sorts block {@code [lo, hi)} by (time, row) unless it already is in time order. */
  private static void sortBlock(long[] times, double[][] numbers, int[] order, int lo, int hi) {
    boolean inOrder = true;
    for (int i = lo + 1; i < hi && inOrder; i++) {
      inOrder = times[i - 1] <= times[i];
    }
    if (inOrder) {
      return;
    }
    int size = hi - lo;
    long[] sortedTimes = Arrays.copyOfRange(times, lo, hi);
    Arrays.sort(sortedTimes);
    // rank < size and place < size, so rank * size + place < size^2 < 2^62 fits a long; within
    // the block the rows are in row order, so the place breaks ties by row.
    long[] packed = new long[size];
    for (int i = 0; i < size; i++) {
      packed[i] = (long) Arrays.binarySearch(sortedTimes, times[lo + i]) * size + i;
    }
    Arrays.sort(packed);
    int[] place = new int[size];
    for (int i = 0; i < size; i++) {
      place[i] = (int) (packed[i] % size);
    }
    System.arraycopy(sortedTimes, 0, times, lo, size);
    if (order != null) {
      int[] blockOrder = Arrays.copyOfRange(order, lo, hi);
      for (int i = 0; i < size; i++) {
        order[lo + i] = blockOrder[place[i]];
      }
    }
    for (double[] column : numbers) {
      double[] block = Arrays.copyOfRange(column, lo, hi);
      for (int i = 0; i < size; i++) {
        column[lo + i] = block[place[i]];
      }
    }
  }

  static ViewEngine.Joined join(ViewEngine engine, ViewEvents events, Table rows, Optional<String> keyColumn, String timeColumn) {
    String step = "feature view over '" + engine.source() + "'";
    int n = rows.rowCount();
    long[] t = Inputs.timestamps(step, rows, timeColumn);
    int[] block = blocks(engine, events, rows, keyColumn, step);
    List<org.mlengine.runtime.Schema.Field> outputs = engine.outputs();
    for (org.mlengine.runtime.Schema.Field f : outputs) {
      Inputs.requireFree(step, rows, f.name(), timeColumn);
    }
    int k = outputs.size();
    double[][] numeric = new double[k][];
    String[][] categorical = new String[k][];
    for (int o = 0; o < k; o++) {
      if (engine.categorical(o)) {
        categorical[o] = new String[n];
      } else {
        numeric[o] = new double[n];
      }
    }
    double[] numbersOut = new double[k];
    String[] stringsOut = new String[k];
    int expired = 0;
    for (int r = 0; r < n; r++) {
      if (t[r] == Long.MIN_VALUE) {
        throw ViewEngine.missing(timeColumn, "time", r, engine.source());
      }
    }
    // Sort-merge: the rows grouped by entity block and in time order within each, so one pointer
    // walks each block's events forward once instead of a binary search per row.
    int blocks = events.start.length - 1;
    int[] rowStart = new int[blocks + 2];
    int[] rowOrder = byBlock(block, blocks, rowStart);
    for (int b = -1; b < blocks; b++) {
      int from = rowStart[b + 1];
      int to = rowStart[b + 2];
      byTime(rowOrder, from, to, t);
      int lo = b < 0 ? 0 : events.start[b];
      int end = b < 0 ? 0 : events.start[b + 1];
      int hi = lo;
      for (int i = from; i < to; i++) {
        int r = rowOrder[i];
        long cutoff = engine.cutoff(t[r]);
        while (hi < end && events.times[hi] < cutoff) {
          hi++;
        }
        if (engine.compute(events.times, events.numbers, events.strings, lo, hi, t[r], numbersOut, stringsOut)) {
          expired++;
        }
        store(r, numbersOut, stringsOut, numeric, categorical);
      }
    }
    Table out = rows;
    for (int o = 0; o < k; o++) {
      out = numeric[o] != null ? out.withNumeric(outputs.get(o).name(), numeric[o])
          : out.withCategorical(outputs.get(o).name(), categorical[o]);
    }
    return new ViewEngine.Joined(out, expired);
  }

  /** Row {@code r}'s outputs into the output columns. */
  private static void store(int r, double[] numbersOut, String[] stringsOut, double[][] numeric, String[][] categorical) {
    for (int o = 0; o < numbersOut.length; o++) {
      if (numeric[o] != null) {
        numeric[o][r] = numbersOut[o];
      } else {
        categorical[o][r] = stringsOut[o];
      }
    }
  }

  /**
   * The rows grouped by block in row order (a counting sort; rows of entities without events
   * first), with {@code rowStart[b + 1]} the start of block b's rows.
   */
  private static int[] byBlock(int[] block, int blocks, int[] rowStart) {
    for (int b : block) {
      rowStart[b + 2]++;
    }
    for (int b = 0; b <= blocks; b++) {
      rowStart[b + 1] += rowStart[b];
    }
    int[] next = Arrays.copyOf(rowStart, blocks + 1);
    int[] rowOrder = new int[block.length];
    for (int r = 0; r < block.length; r++) {
      rowOrder[next[block[r] + 1]++] = r;
    }
    return rowOrder;
  }

  /** Sorts {@code rows[from, to)} by their time (ties in any order: tied rows get the same values). */
  private static void byTime(int[] rows, int from, int to, long[] t) {
    int size = to - from;
    if (size < 2) {
      return;
    }
    boolean inOrder = true;
    for (int i = from + 1; i < to && inOrder; i++) {
      inOrder = t[rows[i - 1]] <= t[rows[i]];
    }
    if (inOrder) {
      return;
    }
    long[] sortedTimes = new long[size];
    for (int i = 0; i < size; i++) {
      sortedTimes[i] = t[rows[from + i]];
    }
    Arrays.sort(sortedTimes);
    long[] packed = new long[size];
    for (int i = 0; i < size; i++) {
      packed[i] = (long) Arrays.binarySearch(sortedTimes, t[rows[from + i]]) * size + i;
    }
    Arrays.sort(packed);
    int[] copy = Arrays.copyOfRange(rows, from, to);
    for (int i = 0; i < size; i++) {
      rows[from + i] = copy[(int) (packed[i] % size)];
    }
  }

  /** Each row's entity block, -1 for an entity without events. */
  private static int[] blocks(ViewEngine engine, ViewEvents events, Table rows, Optional<String> keyColumn, String step) {
    int n = rows.rowCount();
    int[] block = new int[n];
    if (engine.entity().isEmpty()) {
      return block;
    }
    String key = keyColumn.orElseThrow(() -> new IllegalArgumentException(step + " is keyed by '" + engine.entity().get()
        + "'; give the rows' column holding it"));
    Inputs.requirePresent(step, rows, key);
    if (rows.type(key) != ColumnType.CATEGORICAL) {
      throw Inputs.wrongTypeAtApply(step, key, rows.type(key), ColumnType.CATEGORICAL);
    }
    Column.Categorical c = (Column.Categorical) RuntimeAccess.tables().column(rows, key);
    List<String> dictionary = c.dictionary();
    int[] map = new int[dictionary.size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = events.codes.getOrDefault(dictionary.get(i), -1);
    }
    int[] codes = c.codes();
    for (int r = 0; r < n; r++) {
      if (codes[r] < 0) {
        throw ViewEngine.missing(key, "entity", r, engine.source());
      }
      block[r] = map[codes[r]];
    }
    return block;
  }
}
