package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;

/**
 * Cyclical encoding of a NUMERIC column with a given period: the column is dropped and
 * {@code column_sin = sin(2πx / period)} and {@code column_cos = cos(2πx / period)} are
 * appended. A missing value gives missing (NaN) in both. Nothing is learned from data.
 *
 * <pre>{@code
 * SineCosineTransform hour = new SineCosineTransform("Hour", 24);
 * Table out = hour.apply(table);   // drops Hour, appends Hour_sin and Hour_cos
 * }</pre>
 *
 * @param column the column
 * @param period the length of one cycle in the column's units, finite and &gt; 0
 */
public record SineCosineTransform(String column, double period) implements FittedTransform {
  public static final String TAG = "sine_cosine";

  public SineCosineTransform {
    Objects.requireNonNull(column, "column");
    checkArgument(
        Double.isFinite(period) && period > 0, "the period of column '%s' is %s; it must be a finite number > 0", column, period);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.of(column);
  }

  @Override
  public Table apply(Table table) {
    double[] values = Inputs.numbers(TAG, table, column);
    double[] sin = new double[values.length];
    double[] cos = new double[values.length];
    for (int r = 0; r < values.length; r++) {
      double angle = angle(values[r], period);
      sin[r] = Math.sin(angle);
      cos[r] = Math.cos(angle);
    }
    return append(table.drop(column), column, sin, cos);
  }

  /** The angle of a value, {@code 2πx / period}, for both forms; NaN stays NaN. */
  static double angle(double x, double period) {
    return 2 * Math.PI * x / period;
  }

  /**
   * The row form: the column is unbound and {@code column_sin}, {@code column_cos} appended, as
   * {@link #apply} drops and appends. Empty (the table path, which reports it) when the column is
   * not NUMERIC at this step or an output name is taken.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    String sinName = column + "_sin";
    String cosName = column + "_cos";
    if (Inputs.typeAt(slots, column) != ColumnType.NUMERIC || Inputs.typeAt(slots, sinName) != null
        || Inputs.typeAt(slots, cosName) != null) {
      return Optional.empty();
    }
    int in = slots.number(column);
    slots.remove(column);
    int sin = slots.newNumber(sinName);
    int cos = slots.newNumber(cosName);
    double p = period;
    return Optional.of(row -> {
      double angle = angle(row.number(in), p);
      row.setNumber(sin, Math.sin(angle));
      row.setNumber(cos, Math.cos(angle));
    });
  }

  /** Appends {@code column_sin} and {@code column_cos}, refusing names the table already has. */
  static Table append(Table table, String column, double[] sin, double[] cos) {
    Inputs.requireFree(TAG, table, column + "_sin", column);
    Inputs.requireFree(TAG, table, column + "_cos", column);
    return table.withNumeric(column + "_sin", sin).withNumeric(column + "_cos", cos);
  }
}
