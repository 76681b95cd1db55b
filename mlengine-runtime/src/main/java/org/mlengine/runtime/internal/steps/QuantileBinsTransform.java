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
 * Fitted quantile binning: per column, the inner bin edges learned from the training rows. Each
 * value becomes its bin number 0, 1, ... (the count of inner edges at or below it, as
 * scikit-learn's {@code KBinsDiscretizer(encode='ordinal')}), under the same name; a missing
 * value stays missing.
 *
 * <pre>{@code
 * QuantileBinsTransform bins = new QuantileBinsTransform(
 *     List.of(new QuantileBinsTransform.Edges("Age", List.of(30.0, 50.0))));
 * Table out = bins.apply(table);   // Age 25 becomes 0, 30 becomes 1, 60 becomes 2
 * }</pre>
 *
 * @param edges the inner edges of each column, in column order
 */
public record QuantileBinsTransform(List<Edges> edges) implements FittedTransform {
  public static final String TAG = "quantile_bins";

  /**
   * One column's inner edges.
   *
   * @param column the column
   * @param inner the edges between bins, strictly increasing and finite; empty for one bin
   */
  public record Edges(String column, List<Double> inner) {
    public Edges {
      Objects.requireNonNull(column, "column");
      inner = List.copyOf(inner);
      for (int i = 0; i < inner.size(); i++) {
        checkArgument(Double.isFinite(inner.get(i)), "the edges of column '%s' must be finite, got %s", column, inner);
        checkArgument(
            i == 0 || inner.get(i - 1) < inner.get(i),
            "the edges of column '%s' must be strictly increasing, got %s",
            column,
            inner);
      }
    }

    /** The inner edges as an array, for {@link #bin}. */
    double[] innerArray() {
      return inner.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  public QuantileBinsTransform {
    checkArgument(!edges.isEmpty(), "quantile_bins needs at least one column");
    edges = List.copyOf(edges);
    Set<String> seen = new HashSet<>();
    for (Edges e : edges) {
      checkArgument(seen.add(e.column()), "column '%s' is binned twice; give each column once", e.column());
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return edges.stream().map(Edges::column).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (Edges e : edges) {
      double[] values = Inputs.numbers(TAG, table, e.column());
      double[] inner = e.innerArray();
      for (int r = 0; r < values.length; r++) {
        values[r] = bin(values[r], inner);
      }
      out = out.withNumeric(e.column(), values);
    }
    return out;
  }

  /** A value as both forms write it: its bin number; NaN stays NaN. */
  static double bin(double x, double[] inner) {
    if (Double.isNaN(x)) {
      return x;
    }
    int lo = 0;
    int hi = inner.length;
    while (lo < hi) { // the number of inner edges <= value (numpy searchsorted, side='right')
      int mid = (lo + hi) >>> 1;
      if (inner[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The row form: each value becomes its bin number in its own slot, as {@link #apply} replaces
   * the column under its own name. Empty (the table path, which reports it) when a column is not
   * NUMERIC at this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = edges.size();
    int[] slot = new int[n];
    double[][] inner = new double[n][];
    for (int i = 0; i < n; i++) {
      String column = edges.get(i).column();
      if (Inputs.typeAt(slots, column) != ColumnType.NUMERIC) {
        return Optional.empty();
      }
      slot[i] = slots.number(column);
      inner[i] = edges.get(i).innerArray();
    }
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        row.setNumber(slot[i], bin(row.number(slot[i]), inner[i]));
      }
    });
  }
}
