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
 * Fitted clipping: per column, a lower and an upper bound; each value below the lower bound
 * becomes the lower bound, each above the upper bound the upper bound, under the same name. A
 * missing value stays missing.
 *
 * <pre>{@code
 * ClipTransform clip = new ClipTransform(List.of(new ClipTransform.Bounds("Income", 0, 250_000)));
 * Table out = clip.apply(table);   // Income 300000 becomes 250000
 * }</pre>
 *
 * @param bounds the bounds of each column, in column order
 */
public record ClipTransform(List<Bounds> bounds) implements FittedTransform {
  public static final String TAG = "clip";

  /**
   * One column's bounds; an infinite bound leaves that side open.
   *
   * @param column the column
   * @param lower the lower bound, finite or negative infinity
   * @param upper the upper bound, finite or positive infinity, at least {@code lower}
   */
  public record Bounds(String column, double lower, double upper) {
    public Bounds {
      Objects.requireNonNull(column, "column");
      checkArgument(
          lower != Double.POSITIVE_INFINITY && upper != Double.NEGATIVE_INFINITY && lower <= upper,
          "the bounds of column '%s' are [%s, %s]; the lower bound must not exceed the upper one",
          column,
          lower,
          upper);
    }

    /** A value as both forms write it: within the bounds; NaN stays NaN. */
    double clip(double x) {
      if (x < lower) {
        return lower;
      }
      if (x > upper) {
        return upper;
      }
      return x;
    }
  }

  public ClipTransform {
    checkArgument(!bounds.isEmpty(), "clip needs at least one column");
    bounds = List.copyOf(bounds);
    Set<String> seen = new HashSet<>();
    for (Bounds b : bounds) {
      checkArgument(seen.add(b.column()), "column '%s' is clipped twice; give each column once", b.column());
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return bounds.stream().map(Bounds::column).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (Bounds b : bounds) {
      double[] values = Inputs.numbers(TAG, table, b.column());
      for (int r = 0; r < values.length; r++) {
        values[r] = b.clip(values[r]);
      }
      out = out.withNumeric(b.column(), values);
    }
    return out;
  }

  /**
   * The row form: each value is clipped in its own slot, as {@link #apply} replaces the column
   * under its own name. Empty (the table path, which reports it) when a column is not NUMERIC at
   * this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = bounds.size();
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      String column = bounds.get(i).column();
      if (Inputs.typeAt(slots, column) != ColumnType.NUMERIC) {
        return Optional.empty();
      }
      slot[i] = slots.number(column);
    }
    Bounds[] b = bounds.toArray(Bounds[]::new);
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        row.setNumber(slot[i], b[i].clip(row.number(slot[i])));
      }
    });
  }
}
