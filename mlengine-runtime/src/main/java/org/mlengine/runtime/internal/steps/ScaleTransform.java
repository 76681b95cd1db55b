package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.stream.Collectors;

/**
 * Fitted min-max or robust scaling: per column, a training center and scale; each value becomes
 * {@code (x - center) / scale} under the same name, and a missing value stays missing. For
 * {@value #MIN_MAX} the center is the training minimum and the scale the training range; for
 * {@value #ROBUST} the center is the training median and the scale the interquartile range.
 * As scikit-learn, a scale below ten machine epsilons (a constant column) becomes 1.
 *
 * <pre>{@code
 * ScaleTransform minMax = new ScaleTransform(ScaleTransform.MIN_MAX, List.of(new ScaleTransform.Scale("Age", 18, 62)));
 * Table out = minMax.apply(table);   // Age becomes (Age - 18) / 62
 * }</pre>
 *
 * @param tag {@value #MIN_MAX} or {@value #ROBUST}
 * @param scales the center and scale of each column, in column order
 */
public record ScaleTransform(String tag, List<Scale> scales) implements FittedTransform {
  public static final String MIN_MAX = "min_max";
  public static final String ROBUST = "robust_scale";

  /**
   * One column's training statistics.
   *
   * @param column the column
   * @param center what is subtracted
   * @param scale what the difference is divided by, finite and &gt; 0
   */
  public record Scale(String column, double center, double scale) {
    public Scale {
      Objects.requireNonNull(column, "column");
      checkArgument(Double.isFinite(center), "the center of column '%s' is %s; it must be a finite number", column, center);
      checkArgument(
          Double.isFinite(scale) && scale > 0, "the scale of column '%s' is %s; it must be a finite number > 0", column, scale);
    }

    /** A value as both forms write it: {@code (x - center) / scale}; NaN stays NaN. */
    double scaled(double x) {
      return (x - center) / scale;
    }
  }

  public ScaleTransform {
    checkArgument(MIN_MAX.equals(tag) || ROBUST.equals(tag), "unknown scaling '%s'", tag);
    checkArgument(!scales.isEmpty(), "%s needs at least one column", tag);
    scales = List.copyOf(scales);
    Set<String> seen = new HashSet<>();
    for (Scale s : scales) {
      checkArgument(seen.add(s.column()), "column '%s' is scaled twice; give each column once", s.column());
    }
  }

  @Override
  public List<String> inputColumns() {
    return scales.stream().map(Scale::column).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (Scale s : scales) {
      double[] values = Inputs.numbers(tag, table, s.column());
      for (int r = 0; r < values.length; r++) {
        values[r] = s.scaled(values[r]);
      }
      out = out.withNumeric(s.column(), values);
    }
    return out;
  }

  /**
   * The row form: each value is scaled in its own slot, as {@link #apply} replaces the column
   * under its own name. Empty (the table path, which reports it) when a column is not NUMERIC at
   * this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = scales.size();
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      String column = scales.get(i).column();
      if (Inputs.typeAt(slots, column) != ColumnType.NUMERIC) {
        return Optional.empty();
      }
      slot[i] = slots.number(column);
    }
    Scale[] s = scales.toArray(Scale[]::new);
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        row.setNumber(slot[i], s[i].scaled(row.number(slot[i])));
      }
    });
  }
}
