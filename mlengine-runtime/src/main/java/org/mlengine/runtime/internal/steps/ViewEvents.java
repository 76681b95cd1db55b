package org.mlengine.runtime.internal.steps;

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

  static ViewEvents sort(ViewEngine engine, Table events) {
    String step = "feature view over '" + engine.source() + "'";
    int n = events.rowCount();
    long[] t = Inputs.timestamps(step, events, engine.time());
    for (int r = 0; r < n; r++) {
      if (t[r] == Long.MIN_VALUE) {
        throw ViewEngine.missing(engine.time(), "event time", r, engine.source());
      }
    }
    int[] keyId;
    Map<String, Integer> codes = new HashMap<>();
    int keys;
    if (engine.entity().isPresent()) {
      String e = engine.entity().get();
      Inputs.requirePresent(step, events, e);
      if (events.type(e) != ColumnType.CATEGORICAL) {
        throw Inputs.wrongTypeAtApply(step, e, events.type(e), ColumnType.CATEGORICAL);
      }
      Column.Categorical c = (Column.Categorical) RuntimeAccess.tables().column(events, e);
      keyId = c.codes();
      for (int r = 0; r < n; r++) {
        if (keyId[r] < 0) {
          throw ViewEngine.missing(e, "entity", r, engine.source());
        }
      }
      List<String> dictionary = c.dictionary();
      for (int i = 0; i < dictionary.size(); i++) {
        codes.put(dictionary.get(i), i);
      }
      keys = dictionary.size();
    } else {
      keyId = new int[n];
      keys = 1;
    }
    int[] order = AggregateEvents.sortedOrder(keyId, keys, t);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = t[order[i]];
    }
    List<String> numeric = engine.numericColumns();
    double[][] numbers = new double[numeric.size()][];
    for (int c = 0; c < numbers.length; c++) {
      double[] v = Inputs.numbers(step, events, numeric.get(c));
      double[] sorted = new double[n];
      for (int i = 0; i < n; i++) {
        double x = v[order[i]];
        if (Double.isInfinite(x)) {
          throw new InvalidInputException(numeric.get(c), step + " got " + x + " at row " + order[i] + " of column '"
              + numeric.get(c) + "'; its statistics need finite values. Give NaN or null where the value is missing.");
        }
        sorted[i] = x;
      }
      numbers[c] = sorted;
    }
    List<String> categorical = engine.categoricalColumns();
    String[][] strings = new String[categorical.size()][];
    for (int c = 0; c < strings.length; c++) {
      String[] v = Inputs.strings(step, events, categorical.get(c));
      String[] sorted = new String[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = v[order[i]];
      }
      strings[c] = sorted;
    }
    int[] start = new int[keys + 1];
    for (int r = 0; r < n; r++) {
      start[keyId[r] + 1]++;
    }
    for (int k = 0; k < keys; k++) {
      start[k + 1] += start[k];
    }
    return new ViewEvents(times, numbers, strings, start, codes);
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
      int lo = 0;
      int end = 0;
      if (block[r] >= 0) {
        lo = events.start[block[r]];
        end = events.start[block[r] + 1];
      }
      int hi = ViewEngine.firstAtOrAfter(events.times, lo, end, engine.cutoff(t[r]));
      if (engine.compute(events.times, events.numbers, events.strings, lo, hi, t[r], numbersOut, stringsOut)) {
        expired++;
      }
      for (int o = 0; o < k; o++) {
        if (numeric[o] != null) {
          numeric[o][r] = numbersOut[o];
        } else {
          categorical[o][r] = stringsOut[o];
        }
      }
    }
    Table out = rows;
    for (int o = 0; o < k; o++) {
      out = numeric[o] != null ? out.withNumeric(outputs.get(o).name(), numeric[o])
          : out.withCategorical(outputs.get(o).name(), categorical[o]);
    }
    return new ViewEngine.Joined(out, expired);
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
