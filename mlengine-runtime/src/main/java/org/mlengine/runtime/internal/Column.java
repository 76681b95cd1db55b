package org.mlengine.runtime.internal;

import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.DoubleArray;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.SparseVector;
import org.mlengine.runtime.Table;
import org.apiguardian.api.API;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.ArrayList;

/**
 * One typed column of a {@link Table}; the arrays inside are never exposed or changed.
 *
 * <pre>{@code
 * Column income = new Column.Numeric("Income", new double[] {52_000, Double.NaN});
 * Column jobs = Column.Categorical.of("Job", new String[] {"nurse", "clerk"});
 * Object job = jobs.rows(new int[] {1}).value(0);   // "clerk"
 * }</pre>
 */
@API(status = API.Status.INTERNAL, consumers = "org.mlengine")
public sealed interface Column
    permits Column.Numeric, Column.Indicator, Column.Categorical, Column.Text, Column.Timestamp, Column.Vector {

  /** Missing marker of a timestamp column. */
  long MISSING_TIME = Long.MIN_VALUE;

  String name();

  ColumnType type();

  int size();

  boolean isMissing(int row);

  /** The value as a Java object: Double, String, Instant or null when missing. */
  Object value(int row);

  /** The rows at these indices, in this order. */
  Column rows(int[] indices);

  /**
   * This column with an {@link Indicator}'s values as doubles (a {@link Numeric} column of the
   * same values), any other column as it is: for readers that handle the plain kinds only.
   */
  static Column plain(Column column) {
    return column instanceof Indicator flags ? new Numeric(flags.name(), flags.doubles()) : column;
  }

  /** A NUMERIC column. */
  record Numeric(String name, double[] values) implements Column {
    @Override
    public ColumnType type() {
      return ColumnType.NUMERIC;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public boolean isMissing(int row) {
      return Double.isNaN(values[row]);
    }

    @Override
    public Object value(int row) {
      return isMissing(row) ? null : values[row];
    }

    @Override
    public Column rows(int[] indices) {
      double[] out = new double[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = values[indices[i]];
      }
      return new Numeric(name, out);
    }

  }

  /**
   * A NUMERIC column whose every value is 0 or 1, held one byte a row instead of eight: a dense
   * one-hot column of the training rows (issue #15: at 3.2M rows, 17 one-hot columns took 435 MB
   * as doubles, 54 MB as bytes). It reads as the doubles 0.0 and 1.0 everywhere; {@link #plain}
   * gives the {@link Numeric} column of the same values.
   *
   * <pre>{@code
   * Column owner = new Column.Indicator("Home=owner", new byte[] {1, 0});
   * double first = owner.number(0);   // 1.0
   * }</pre>
   */
  record Indicator(String name, byte[] values) implements Column {
    public Indicator {
      for (int r = 0; r < values.length; r++) {
        if ((values[r] & ~1) != 0) {
          throw new IllegalArgumentException(
              "indicator column '" + name + "' has " + values[r] + " at row " + r + "; it holds 0 or 1 only");
        }
      }
    }

    @Override
    public ColumnType type() {
      return ColumnType.NUMERIC;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public boolean isMissing(int row) {
      return false;
    }

    @Override
    public Object value(int row) {
      return number(row);
    }

    /** The value at a row as a double, 0.0 or 1.0. */
    public double number(int row) {
      return values[row];
    }

    /** The values as doubles, a new array. */
    public double[] doubles() {
      double[] out = new double[values.length];
      for (int r = 0; r < out.length; r++) {
        out[r] = values[r];
      }
      return out;
    }

    @Override
    public Column rows(int[] indices) {
      byte[] out = new byte[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = values[indices[i]];
      }
      return new Indicator(name, out);
    }
  }

  /** A CATEGORICAL column: codes into a dictionary, -1 for missing. */
  record Categorical(String name, int[] codes, List<String> dictionary) implements Column {

    public static Categorical of(String name, String[] values) {
      Map<String, Integer> index = new HashMap<>();
      List<String> dictionary = new ArrayList<>();
      int[] codes = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        String v = values[i];
        if (v == null) {
          codes[i] = -1;
        } else {
          Integer code = index.get(v);
          if (code == null) {
            code = index.size();
            index.put(v, code);
            dictionary.add(v);
          }
          codes[i] = code;
        }
      }
      return new Categorical(name, codes, List.copyOf(dictionary));
    }

    @Override
    public ColumnType type() {
      return ColumnType.CATEGORICAL;
    }

    @Override
    public int size() {
      return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
      return codes[row] < 0;
    }

    @Override
    public Object value(int row) {
      return string(row);
    }

    public String string(int row) {
      int code = codes[row];
      return code < 0 ? null : dictionary.get(code);
    }

    /** The distinct non-missing values that occur, sorted. */
    public List<String> categories() {
      boolean[] used = new boolean[dictionary.size()];
      for (int code : codes) {
        if (code >= 0) {
          used[code] = true;
        }
      }
      TreeSet<String> sorted = new TreeSet<>();
      for (int c = 0; c < used.length; c++) {
        if (used[c]) {
          sorted.add(dictionary.get(c));
        }
      }
      return List.copyOf(sorted);
    }

    @Override
    public Column rows(int[] indices) {
      int[] out = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = codes[indices[i]];
      }
      return new Categorical(name, out, dictionary);
    }

  }

  /** A TEXT column. */
  record Text(String name, String[] values) implements Column {
    @Override
    public ColumnType type() {
      return ColumnType.TEXT;
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public boolean isMissing(int row) {
      return values[row] == null;
    }

    @Override
    public Object value(int row) {
      return values[row];
    }

    @Override
    public Column rows(int[] indices) {
      String[] out = new String[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = values[indices[i]];
      }
      return new Text(name, out);
    }

  }

  /** A TIMESTAMP column in epoch milliseconds; {@link #MISSING_TIME} marks a missing value. */
  record Timestamp(String name, long[] millis) implements Column {
    @Override
    public ColumnType type() {
      return ColumnType.TIMESTAMP;
    }

    @Override
    public int size() {
      return millis.length;
    }

    @Override
    public boolean isMissing(int row) {
      return millis[row] == MISSING_TIME;
    }

    @Override
    public Object value(int row) {
      return isMissing(row) ? null : Instant.ofEpochMilli(millis[row]);
    }

    @Override
    public Column rows(int[] indices) {
      long[] out = new long[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = millis[indices[i]];
      }
      return new Timestamp(name, out);
    }

  }

  /**
   * A VECTOR column: per row, strictly increasing indices into {@code dimensions} and their
   * values. The per-row arrays are never changed, so row selections share them.
   */
  record Vector(String name, List<String> dimensions, int[][] indices, double[][] values) implements Column {
    @Override
    public ColumnType type() {
      return ColumnType.VECTOR;
    }

    @Override
    public int size() {
      return indices.length;
    }

    @Override
    public boolean isMissing(int row) {
      return false;
    }

    @Override
    public Object value(int row) {
      return new SparseVector(
          IntArray.copyOf(indices[row]),
          DoubleArray.copyOf(values[row]));
    }

    @Override
    public Column rows(int[] rows) {
      int[][] i = new int[rows.length][];
      double[][] v = new double[rows.length][];
      for (int k = 0; k < rows.length; k++) {
        i[k] = indices[rows[k]];
        v[k] = values[rows[k]];
      }
      return new Vector(name, dimensions, i, v);
    }

  }
}
