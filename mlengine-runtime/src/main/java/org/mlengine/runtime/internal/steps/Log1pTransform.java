package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;

/**
 * {@code log(1 + x)} of NUMERIC columns, each under its own name; a missing value stays missing
 * and a value of -1 or less, where the logarithm is undefined, is refused. Nothing is learned
 * from data.
 *
 * <pre>{@code
 * Log1pTransform log = new Log1pTransform(List.of("Income", "Amount"));
 * Table out = log.apply(table);   // Income 0 stays 0, Income 99 becomes log(100)
 * }</pre>
 *
 * @param columns the columns, in order
 */
public record Log1pTransform(List<String> columns) implements FittedTransform {
  public static final String TAG = "log1p";

  public Log1pTransform {
    checkArgument(!columns.isEmpty(), "log1p needs at least one column");
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      checkArgument(seen.add(c), "column '%s' is listed twice; give each column once", c);
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return columns;
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (String column : columns) {
      double[] values = Inputs.numbers(TAG, table, column);
      for (int r = 0; r < values.length; r++) {
        values[r] = log1p(column, values[r], r);
      }
      out = out.withNumeric(column, values);
    }
    return out;
  }

  /**
   * A value as both forms write it: {@code log(1 + x)}, NaN staying NaN.
   *
   * @param row the value's row, for the message
   * @throws InvalidInputException when {@code x <= -1}
   */
  static double log1p(String column, double x, int row) {
    if (x <= -1) {
      throw new InvalidInputException(
          column,
          "column '" + column + "' holds " + x + " at row " + row + "; log1p needs values greater than -1,"
              + " where log(1 + x) is defined. Clip the column first, e.g. Features.clip(\"" + column
              + "\").between(0, Double.POSITIVE_INFINITY), or leave it out of log1p.");
    }
    return Math.log1p(x);
  }

  /**
   * The row form: each value becomes {@code log(1 + x)} in its own slot, as {@link #apply}
   * replaces the column under its own name, and a value of -1 or less is refused with the
   * table form's message for row 0. Empty (the table path, which reports it) when a column is
   * not NUMERIC at this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = columns.size();
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      if (Inputs.typeAt(slots, columns.get(i)) != ColumnType.NUMERIC) {
        return Optional.empty();
      }
      slot[i] = slots.number(columns.get(i));
    }
    String[] names = columns.toArray(String[]::new);
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        row.setNumber(slot[i], log1p(names[i], row.number(slot[i]), 0));
      }
    });
  }
}
