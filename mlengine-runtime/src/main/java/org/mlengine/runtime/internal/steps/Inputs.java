package org.mlengine.runtime.internal.steps;

import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * Input validation the kernels share at apply time: typed column reads that name the column and
 * the expected type in their errors, and the checks that keep outputs from overwriting inputs.
 */
final class Inputs {
  private Inputs() {}

  // ---- input validation at apply time ----

  /** The values of a NUMERIC input column; a column whose values are all missing counts as NUMERIC. */
  static double[] numbers(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.NUMERIC) {
      return table.numericColumn(column);
    }
    if (allMissing(table, column)) {
      double[] out = new double[table.rowCount()];
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.NUMERIC);
  }

  /**
   * A NUMERIC column's own array, for a step to write its output over, or null when the column
   * is absent, held otherwise than as doubles, or also a column of {@code shared}: see {@code
   * FitContext.owningTable()}. A null {@code shared} shares every column (the table is the caller's).
   */
  static double[] ownNumbers(Table table, String column, Table shared) {
    if (shared == null || shared.hasColumn(column) || !table.hasColumn(column)) {
      return null;
    }
    return RuntimeAccess.tables().column(table, column) instanceof Column.Numeric n ? n.values() : null;
  }

  /**
   * The values of a CATEGORICAL input column ({@code null} for missing); a column whose values
   * are all missing counts as CATEGORICAL, because a request holding only missing values cannot
   * show its type (a map with a {@code null} value becomes a NUMERIC column).
   */
  static String[] strings(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.CATEGORICAL) {
      return table.stringColumn(column);
    }
    if (allMissing(table, column)) {
      return new String[table.rowCount()];
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.CATEGORICAL);
  }

  /**
   * Replaces each CATEGORICAL column named in {@code states} by the number {@code encode} gives
   * each of its values ({@code null} for missing), as the per-category encoders do.
   */
  static <S> Table encodeCategories(String step, Table table, java.util.Map<String, S> states,
      java.util.function.ToDoubleBiFunction<S, String> encode) {
    Table out = table;
    for (java.util.Map.Entry<String, S> e : states.entrySet()) {
      String[] values = strings(step, table, e.getKey());
      double[] encoded = new double[values.length];
      for (int r = 0; r < values.length; r++) {
        encoded[r] = encode.applyAsDouble(e.getValue(), values[r]);
      }
      out = out.withNumeric(e.getKey(), encoded);
    }
    return out;
  }

  /**
   * The values of a TIMESTAMP input column in epoch milliseconds ({@code Long.MIN_VALUE} for
   * missing); a column whose values are all missing counts as TIMESTAMP.
   */
  static long[] timestamps(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.TIMESTAMP) {
      return table.timestampColumn(column);
    }
    if (allMissing(table, column)) {
      long[] out = new long[table.rowCount()];
      java.util.Arrays.fill(out, Long.MIN_VALUE);
      return out;
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.TIMESTAMP);
  }

  static void requirePresent(String step, Table table, String column) {
    if (!table.hasColumn(column)) {
      throw new InvalidInputException(
          column,
          step + " reads column '" + column + "', which is not in the input; the input has " + table.columnNames()
              + ". Add the column, with a missing value (NaN or null) where the value is unknown.");
    }
  }

  /** {@code column 'Income' is CATEGORICAL; standardize expects NUMERIC. ...}. */
  static InvalidInputException wrongTypeAtApply(String step, String column, ColumnType actual, ColumnType expected) {
    String hint = expected == ColumnType.NUMERIC
        ? "Send numbers in it, with NaN or null for a missing value."
        : expected == ColumnType.TIMESTAMP
        ? "Send instants in it (java.time.Instant), with null for a missing value."
        : "Send strings in it, with null for a missing value.";
    return new InvalidInputException(
        column, "column '" + column + "' is " + actual + "; " + step + " expects " + expected + ". " + hint);
  }

  /** Refuses to overwrite a column the input already has with a new output column. */
  static void requireFree(String step, Table table, String output, String input) {
    if (table.hasColumn(output)) {
      throw new InvalidInputException(
          output,
          step + " writes column '" + output + "' from column '" + input + "', but the input already has a column"
              + " of that name. Rename or drop that column first.");
    }
  }

  private static boolean allMissing(Table table, String column) {
    for (int r = 0; r < table.rowCount(); r++) {
      if (!table.isMissing(column, r)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The type a column has at this step of a row-form compilation, or null when it is absent;
   * row forms check their columns with it and decline to compile (leaving the table path to
   * report the problem) rather than fail.
   */
  static org.mlengine.runtime.ColumnType typeAt(org.mlengine.runtime.spi.Slots slots, String column) {
    return slots.find(column).orElse(null);
  }
}
