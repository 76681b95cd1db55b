package org.mlengine.eval;

import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.Partition;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * A pipeline result beside the table given to its {@code fit}: checks that they belong together
 * and that a column can group rows. Every check adds a sentence to a list of problems, so that
 * a caller can report all of them at once.
 */
final class HeldOut {
  private HeldOut() {}

  /**
   * Adds a problem when the table cannot be the one the result was fitted on: the partition
   * refers to rows the table lacks, the target column is missing, or a held-out row's target
   * differs from the result's test outcomes. (A time-ordered split with a gap leaves rows out
   * of every part, so a table may have more rows than the partition holds.)
   */
  static void check(PipelineResult result, Table table, List<String> problems) {
    Partition p = result.partition();
    int highest = Math.max(highest(p.train()), Math.max(highest(p.validation()), highest(p.test())));
    if (highest >= table.rowCount()) {
      problems.add(String.format(java.util.Locale.ROOT,
          "the table has %d rows but the result's partition (train %d, validation %d, test %d rows) refers to row %d;"
              + " pass the table that was given to fit",
          table.rowCount(), p.train().length(), p.validation().length(), p.test().length(), highest));
      return;
    }
    String target = result.pipeline().target();
    if (!table.hasColumn(target)) {
      problems.add("the table has no column '" + target + "', the result's target; pass the table that was given to fit");
      return;
    }
    Outcomes outcomes = result.testOutcomes();
    int[] test = p.test().toArray();
    if (outcomes.task() == Task.CLASSIFICATION) {
      int[] truth = outcomes.trueClasses();
      for (int i = 0; i < test.length; i++) {
        String expected = outcomes.classes().get(truth[i]);
        String actual = label(table, target, test[i]);
        if (!expected.equals(actual)) {
          problems.add(mismatch(target, test[i], i, actual, expected));
          return;
        }
      }
    } else {
      double[] truth = outcomes.actualValues();
      for (int i = 0; i < test.length; i++) {
        double actual = table.type(target) == ColumnType.NUMERIC ? table.numeric(target, test[i]) : Double.NaN;
        if (actual != truth[i] && !(Double.isNaN(actual) && Double.isNaN(truth[i]))) {
          problems.add(mismatch(target, test[i], i, Double.toString(actual), Double.toString(truth[i])));
          return;
        }
      }
    }
  }

  private static String mismatch(String target, int row, int heldOutRow, String actual, String expected) {
    return "row " + row + " of the table (held-out row " + heldOutRow + ") has " + target + " = " + actual
        + " but the result's test outcomes have " + expected + "; pass the table that was given to fit, rows in the same order";
  }

  /** The target as the pipeline reads labels: a numeric target's whole numbers without a decimal point. */
  private static String label(Table table, String target, int row) {
    if (table.isMissing(target, row)) {
      return "(missing)";
    }
    return switch (table.type(target)) {
      case NUMERIC -> {
        double v = table.numeric(target, row);
        yield v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
      }
      case CATEGORICAL, TEXT -> table.string(target, row);
      case TIMESTAMP, VECTOR -> "(a " + table.type(target) + " value)";
    };
  }

  private static int highest(IntArray rows) {
    int max = -1;
    for (int i = 0; i < rows.length(); i++) {
      max = Math.max(max, rows.get(i));
    }
    return max;
  }

  /**
   * Adds a problem when {@code column} is not in the table or is not CATEGORICAL or NUMERIC.
   *
   * @param role what the column is for, e.g. "a slice column"
   * @param fix how to fix a column of the wrong type
   */
  static void checkColumn(Table table, String column, String role, String fix, List<String> problems) {
    if (column == null) {
      problems.add(role + " is null; name a column of the table");
    } else if (!table.hasColumn(column)) {
      problems.add("column '" + column + "' is not in the table; " + role + " must be one of its columns "
          + table.columnNames() + ". Check the spelling");
    } else {
      ColumnType type = table.type(column);
      if (type != ColumnType.CATEGORICAL && type != ColumnType.NUMERIC) {
        problems.add("column '" + column + "' is " + type + "; " + role + " must be CATEGORICAL or NUMERIC (values to group"
            + " rows by). " + fix);
      }
    }
  }

  /** Throws one exception listing every problem, if there are any. */
  static void throwIfAny(String what, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(what + " cannot run:\n- " + String.join("\n- ", problems));
    }
  }
}
