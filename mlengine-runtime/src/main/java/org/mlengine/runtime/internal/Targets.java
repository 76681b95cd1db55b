package org.mlengine.runtime.internal;

import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * Reads target columns as labels or numbers, and infers the task from the target's type.
 *
 * <pre>{@code
 * Task task = Targets.inferTask(table, "Default");   // CLASSIFICATION unless the column is NUMERIC
 * String[] labels = Targets.labels(table, "Default");
 * }</pre>
 */
public final class Targets {
  private Targets() {}

  public static Task inferTask(Table table, String target) {
    return table.type(target) == ColumnType.NUMERIC ? Task.REGRESSION : Task.CLASSIFICATION;
  }

  /** The target as labels; a numeric target's whole numbers print without a decimal point. */
  public static String[] labels(Table table, String target) {
    Column column = RuntimeAccess.tables().column(table, target);
    String[] out = new String[table.rowCount()];
    // The column is looked up once, not per row; the first missing row is refused, as before the type.
    if (column instanceof Column.Categorical c) {
      int[] codes = c.codes();
      List<String> dictionary = c.dictionary();
      for (int r = 0; r < out.length; r++) {
        out[r] = codes[r] < 0 ? missing(target, r) : dictionary.get(codes[r]);
      }
    } else if (column instanceof Column.Numeric n) {
      double[] values = n.values();
      for (int r = 0; r < out.length; r++) {
        out[r] = Double.isNaN(values[r]) ? missing(target, r) : label(values[r]);
      }
    } else if (column instanceof Column.Text t) {
      String[] values = t.values();
      for (int r = 0; r < out.length; r++) {
        out[r] = values[r] == null ? missing(target, r) : values[r];
      }
    } else if (out.length > 0) {
      if (column.isMissing(0)) {
        missing(target, 0);
      }
      throw new IllegalArgumentException(
          "target '" + target + "' is " + column.type() + "; a target must be CATEGORICAL (classification) or NUMERIC (regression)");
    }
    return out;
  }

  private static String missing(String target, int row) {
    throw new IllegalArgumentException(
        "target '" + target + "' is missing at row " + row + "; drop rows without a label before fitting");
  }

  static String label(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
