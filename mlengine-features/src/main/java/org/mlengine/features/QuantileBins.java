package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.QuantileBinsTransform;

/**
 * The quantile binning step; see {@link Features#quantileBins(String...)}.
 *
 * <pre>{@code
 * QuantileBins income = Features.quantileBins("Income").bins(4);
 * Table binned = income.fit(context).apply(testPart);  // 0, 1, 2 or 3 by training quartiles
 * }</pre>
 *
 * <p>As scikit-learn 1.2's {@code KBinsDiscretizer(strategy='quantile', encode='ordinal')}:
 * the edges are the percentiles {@code 100·i/k} of the non-missing training values (numpy's
 * linear interpolation), an edge less than 1e-8 above the one before it is dropped (so ties
 * can leave fewer bins), and a constant column gets a single bin 0. A value becomes the number
 * of inner edges at or below it, so values outside the training range fall in the first or
 * last bin. Each column keeps its name; a missing value stays missing (scikit-learn refuses
 * it); a column whose training values are all missing is refused.
 */
public final class QuantileBins extends Step {
  private final int bins;

  QuantileBins(ImmutableList<String> columns, int bins) {
    super(QuantileBinsTransform.TAG, columns, EnumSet.of(ColumnType.NUMERIC));
    this.bins = bins;
  }

  /** The number of bins, at least 2 (default 5). */
  public QuantileBins bins(int k) {
    if (k < 2) {
      throw new IllegalArgumentException(
          "bins(" + k + ") would not split anything; give at least 2 bins, e.g. bins(4) for quartiles");
    }
    return new QuantileBins(columns, k);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return NumericFits.quantileBins(columns, bins, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("bins", bins);
  }
}
