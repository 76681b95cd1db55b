package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.internal.steps.ClipTransform;

/**
 * The clipping step; see {@link Features#clip(String...)}.
 *
 * <pre>{@code
 * Clip age = Features.clip("Age").between(18, 99);
 * Clip income = Features.clip("Income").quantiles(0.01, 0.99);  // learned on training rows
 * }</pre>
 *
 * <p>Values below the lower bound become the lower bound and values above the upper bound the
 * upper bound; a missing value stays missing. With {@link #quantiles(double, double)} the
 * bounds are quantiles of each column's non-missing training values (numpy's default linear
 * interpolation), learned once and never refitted. With {@link #between(double, double)} an
 * infinite bound leaves that side open. One of the two is required.
 */
public final class Clip extends Step {
  enum Mode {
    UNSET,
    BETWEEN,
    QUANTILES
  }

  private final Mode mode;
  private final double lower;
  private final double upper;

  Clip(ImmutableList<String> columns, Mode mode, double lower, double upper) {
    super(ClipTransform.TAG, columns, EnumSet.of(ColumnType.NUMERIC));
    this.mode = mode;
    this.lower = lower;
    this.upper = upper;
  }

  /** Clip to fixed bounds; {@code Double.NEGATIVE_INFINITY} or {@code POSITIVE_INFINITY} leaves a side open. */
  public Clip between(double lower, double upper) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper
        || lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          "between(" + lower + ", " + upper + ") is not a range; give lower <= upper, e.g. between(0, 100), or"
              + " between(0, Double.POSITIVE_INFINITY) to clip one side only");
    }
    return new Clip(columns, Mode.BETWEEN, lower, upper);
  }

  /** Clip to these quantiles of the training values, 0 &le; lower &lt; upper &le; 1. */
  public Clip quantiles(double lower, double upper) {
    if (!(lower >= 0 && lower < upper && upper <= 1)) {
      throw new IllegalArgumentException(
          "quantiles(" + lower + ", " + upper + ") are not quantiles with 0 <= lower < upper <= 1; give e.g."
              + " quantiles(0.01, 0.99)");
    }
    return new Clip(columns, Mode.QUANTILES, lower, upper);
  }

  @Override
  void checkOptions(List<String> problems) {
    if (mode == Mode.UNSET) {
      problems.add(name() + " of " + columns + " has no bounds; add .between(lower, upper) for fixed bounds or"
          + " .quantiles(0.01, 0.99) for bounds learned from the training rows.");
    }
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return mode == Mode.QUANTILES
        ? NumericFits.clipQuantiles(columns, lower, upper, context.table())
        : NumericFits.clipFixed(columns, lower, upper);
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    if (mode == Mode.BETWEEN) {
      spec.put("between", ImmutableList.of(bound(lower), bound(upper)));
    } else if (mode == Mode.QUANTILES) {
      spec.put("quantiles", ImmutableList.of(lower, upper));
    }
  }

  /** A bound for the spec: a number, or "-Infinity" / "Infinity" for an open side (JSON has no infinity). */
  private static Object bound(double value) {
    return Double.isInfinite(value) ? (Object) Double.toString(value) : (Object) value;
  }
}
