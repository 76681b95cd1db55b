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
import java.util.stream.Collectors;

/**
 * Fitted standardization: per column, the training mean and scale; each value becomes
 * {@code (x - mean) / scale} under the same name, and a missing value stays missing.
 *
 * <pre>{@code
 * StandardizeTransform s = new StandardizeTransform(List.of(new StandardizeTransform.Scale("Income", 52_000, 18_000)));
 * Table out = s.apply(table);   // as Features.standardize("Income") fits it: (Income - 52000) / 18000
 * }</pre>
 *
 * @param scales the mean and scale of each column, in column order
 */
public record StandardizeTransform(List<Scale> scales) implements FittedTransform {
  public static final String TAG = "standardize";

  /**
   * One column's training statistics.
   *
   * @param column the column
   * @param mean the training mean
   * @param scale the population standard deviation, or 1 when the column is constant
   */
  public record Scale(String column, double mean, double scale) {
    public Scale {
      Objects.requireNonNull(column, "column");
      checkArgument(Double.isFinite(mean), "the mean of column '%s' is %s; it must be a finite number", column, mean);
      checkArgument(
          Double.isFinite(scale) && scale > 0, "the scale of column '%s' is %s; it must be a finite number > 0", column, scale);
    }
  }

  public StandardizeTransform {
    checkArgument(!scales.isEmpty(), "standardize needs at least one column");
    scales = List.copyOf(scales);
    Set<String> seen = new HashSet<>();
    for (Scale s : scales) {
      checkArgument(seen.add(s.column()), "column '%s' is standardized twice; give each column once", s.column());
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return scales.stream().map(Scale::column).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    return scale(table, null);
  }

  /**
   * {@link #apply} writing over the table's own arrays, for a fit's training rows whose arrays
   * nothing else reads: the same values without a second copy of the columns (issue #15). A
   * column that {@code shared} also has, or that is not held as doubles, is copied as {@link
   * #apply} copies it.
   *
   * <pre>{@code
   * Table scaled = standardize.applyInPlace(trainingRows, context.originalRows());   // trainingRows' arrays now scaled
   * }</pre>
   */
  public Table applyInPlace(Table table, Table shared) {
    return scale(table, java.util.Objects.requireNonNull(shared, "shared"));
  }

  /** Scales each column, over its own array unless {@code shared} (null: every column) has it. */
  private Table scale(Table table, Table shared) {
    Table out = table;
    for (Scale s : scales) {
      double[] own = Inputs.ownNumbers(table, s.column(), shared);
      double[] values = own != null ? own : Inputs.numbers(TAG, table, s.column());
      for (int r = 0; r < values.length; r++) {
        values[r] = (values[r] - s.mean()) / s.scale();
      }
      if (own == null) {
        out = out.withNumeric(s.column(), values);
      }
    }
    return out;
  }

  /** The row form: each value becomes {@code (x - mean) / scale} in its own slot. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = scales.size();
    int[] slot = new int[n];
    double[] mean = new double[n];
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      slot[i] = slots.number(scales.get(i).column());
      mean[i] = scales.get(i).mean();
      scale[i] = scales.get(i).scale();
    }
    return Optional.of(row -> {
      for (int i = 0; i < n; i++) {
        row.setNumber(slot[i], (row.number(slot[i]) - mean[i]) / scale[i]);
      }
    });
  }
}
