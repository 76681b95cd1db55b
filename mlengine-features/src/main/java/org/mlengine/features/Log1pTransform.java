package org.mlengine.features;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Table;

/**
 * {@code log(1 + x)} of NUMERIC columns, each under its own name; a missing value stays missing
 * and a value of -1 or less, where the logarithm is undefined, is refused. Nothing is learned
 * from data.
 *
 * @param columns the columns, in order
 */
record Log1pTransform(List<String> columns) implements FittedTransform {
  static final String TAG = "log1p";

  Log1pTransform {
    checkArgument(!columns.isEmpty(), "log1p needs at least one column");
    columns = ImmutableList.copyOf(columns);
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
      double[] values = Steps.numbers(TAG, table, column);
      for (int r = 0; r < values.length; r++) {
        if (values[r] <= -1) {
          throw new InvalidInputException(
              column,
              "column '" + column + "' holds " + values[r] + " at row " + r + "; log1p needs values greater than -1,"
                  + " where log(1 + x) is defined. Clip the column first, e.g. Features.clip(\"" + column
                  + "\").between(0, Double.POSITIVE_INFINITY), or leave it out of log1p.");
        }
        values[r] = Math.log1p(values[r]);
      }
      out = out.withNumeric(column, values);
    }
    return out;
  }
}
