package org.mlengine.runtime.internal;

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
    String[] out = new String[table.rowCount()];
    ColumnType type = table.type(target);
    for (int r = 0; r < out.length; r++) {
      if (table.isMissing(target, r)) {
        throw new IllegalArgumentException(
            "target '" + target + "' is missing at row " + r + "; drop rows without a label before fitting");
      }
      out[r] = switch (type) {
        case NUMERIC -> label(table.numeric(target, r));
        case CATEGORICAL, TEXT -> table.string(target, r);
        case TIMESTAMP, VECTOR -> throw new IllegalArgumentException(
            "target '" + target + "' is " + type + "; a target must be CATEGORICAL (classification) or NUMERIC (regression)");
      };
    }
    return out;
  }

  static String label(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
