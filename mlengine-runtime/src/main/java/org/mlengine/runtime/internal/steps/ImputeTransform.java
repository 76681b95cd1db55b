package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.RuntimeAccess;
import java.util.stream.Collectors;

/**
 * Fitted imputation: per column, the value that replaces a missing one. A NUMERIC column stays
 * NUMERIC and a CATEGORICAL column stays CATEGORICAL, each under its own name; with indicators,
 * a NUMERIC column {@code Column_missing} (1.0 where the value was missing, else 0.0) is
 * appended per column after all replacements.
 *
 * <pre>{@code
 * ImputeTransform impute = new ImputeTransform(List.of(new ImputeTransform.NumericFill("Income", 52_000),
 *     new ImputeTransform.CategoricalFill("Job", "clerk")), true);
 * Table out = impute.apply(table);   // also appends Income_missing and Job_missing
 * }</pre>
 *
 * @param fills the value for each column, in column order
 * @param indicator whether to append the missing-value indicators
 */
public record ImputeTransform(List<Fill> fills, boolean indicator) implements FittedTransform {
  public static final String TAG = "impute";

  /** The value that replaces missing values in one column. */
  public sealed interface Fill permits NumericFill, CategoricalFill {
    /** The column this value fills. */
    String column();
  }

  /** A NUMERIC column's fill value. */
  public record NumericFill(String column, double value) implements Fill {
    public NumericFill {
      Objects.requireNonNull(column, "column");
      checkArgument(Double.isFinite(value), "the fill value of column '%s' is %s; it must be a finite number", column, value);
    }
  }

  /** A CATEGORICAL column's fill value. */
  public record CategoricalFill(String column, String value) implements Fill {
    public CategoricalFill {
      Objects.requireNonNull(column, "column");
      checkArgument(value != null, "the fill value of column '%s' is null; it must be a string", column);
    }
  }

  public ImputeTransform {
    checkArgument(!fills.isEmpty(), "impute needs at least one column");
    fills = List.copyOf(fills);
    Set<String> seen = new HashSet<>();
    for (Fill f : fills) {
      checkArgument(seen.add(f.column()), "column '%s' is imputed twice; give each column once", f.column());
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return fills.stream().map(Fill::column).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    return fill(table, null);
  }

  /**
   * {@link #apply} filling the missing values of a NUMERIC column in the table's own array, for a
   * fit's training rows whose arrays nothing else reads: the same values without a second copy
   * of the columns (issue #15). A column that {@code shared} also has is copied as {@link #apply}
   * copies it.
   *
   * <pre>{@code
   * Table filled = impute.applyInPlace(trainingRows, context.originalRows());
   * }</pre>
   */
  public Table applyInPlace(Table table, Table shared) {
    return fill(table, java.util.Objects.requireNonNull(shared, "shared"));
  }

  /** Fills each column, a NUMERIC one in its own array unless {@code shared} (null: every column) has it. */
  private Table fill(Table table, Table shared) {
    int n = table.rowCount();
    Table out = table;
    // The indicator columns, made only when asked for (at 4M rows each would be 32 MB).
    double[][] missing = indicator ? new double[fills.size()][n] : null;
    for (int i = 0; i < fills.size(); i++) {
      Fill fill = fills.get(i);
      if (fill instanceof NumericFill numeric) {
        if (noneMissing(table, fill.column())) {
          continue;   // the column as it is (tables are immutable): no copy of a column with nothing to fill (#15)
        }
        double[] own = Inputs.ownNumbers(table, fill.column(), shared);
        double[] values = own != null ? own : Inputs.numbers(TAG, table, fill.column());
        for (int r = 0; r < n; r++) {
          if (Double.isNaN(values[r])) {
            values[r] = numeric.value();
            if (missing != null) {
              missing[i][r] = 1.0;
            }
          }
        }
        if (own == null) {
          out = out.withNumeric(fill.column(), values);
        }
      } else {
        CategoricalFill categorical = (CategoricalFill) fill;
        String[] values = Inputs.strings(TAG, table, fill.column());
        for (int r = 0; r < n; r++) {
          if (values[r] == null) {
            values[r] = categorical.value();
            if (missing != null) {
              missing[i][r] = 1.0;
            }
          }
        }
        out = out.withCategorical(fill.column(), values);
      }
    }
    if (indicator) {
      for (int i = 0; i < fills.size(); i++) {
        String column = fills.get(i).column();
        String name = column + "_missing";
        Inputs.requireFree(TAG, out, name, column);
        out = out.withNumeric(name, missing[i]);
      }
    }
    return out;
  }

  /** Whether {@code column} is a NUMERIC column of the table without a missing value. */
  private static boolean noneMissing(Table table, String column) {
    if (!table.hasColumn(column) || table.type(column) != org.mlengine.runtime.ColumnType.NUMERIC) {
      return false;   // Inputs.numbers says what is wrong, or reads an all-missing column
    }
    for (double v : RuntimeAccess.tables().numericColumnRef(table, column)) {
      if (Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  /** The row form: fills in place, then appends the indicators in fill order, as {@link #apply} does. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = fills.size();
    int[] slot = new int[n];
    boolean[] numeric = new boolean[n];
    double[] number = new double[n];
    String[] category = new String[n];
    for (int i = 0; i < n; i++) {
      Fill fill = fills.get(i);
      numeric[i] = fill instanceof NumericFill;
      if (fill instanceof NumericFill f) {
        slot[i] = slots.number(f.column());
        number[i] = f.value();
      } else {
        CategoricalFill f = (CategoricalFill) fill;
        slot[i] = slots.string(f.column());
        category[i] = f.value();
      }
    }
    int[] flag = new int[indicator ? n : 0];
    for (int i = 0; i < flag.length; i++) {
      flag[i] = slots.newNumber(fills.get(i).column() + "_missing");
    }
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        boolean missing = numeric[i] ? Double.isNaN(row.number(slot[i])) : row.string(slot[i]) == null;
        if (missing) {
          if (numeric[i]) {
            row.setNumber(slot[i], number[i]);
          } else {
            row.setString(slot[i], category[i]);
          }
        }
        if (flag.length > 0) {
          row.setNumber(flag[i], missing ? 1.0 : 0.0);
        }
      }
    });
  }
}
