package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.StandardizeTransform;

/**
 * The standardization step; see {@link Features#standardize(String...)}.
 *
 * <pre>{@code
 * Standardize scale = Features.standardize("Income", "Amount");
 * Table z = scale.fit(context).apply(testPart);  // (x - training mean) / training sd
 * }</pre>
 *
 * <p>As scikit-learn's {@code StandardScaler}: the standard deviation is the population one
 * (ddof 0, {@code numpy.std(x)}), not the sample one (ddof 1) that Spark and Tribuo use; a
 * constant column (variance zero up to rounding) gets scale 1; missing values are skipped
 * when fitting and stay missing (NaN) when applied, for a later step to handle. A column whose
 * training values are all missing is refused.
 */
public final class Standardize extends Step {

  Standardize(ImmutableList<String> columns) {
    super(StandardizeTransform.TAG, columns, EnumSet.of(ColumnType.NUMERIC));
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return NumericFits.standardize(columns, context.table());
  }

  /** The training rows scaled as {@link #fit}'s transform scales any rows, over their own arrays when the fit owns them. */
  @Override
  public Table applyToTraining(FittedTransform fitted, FitContext context) {
    return context.ownsTable() && fitted instanceof StandardizeTransform standardize
        ? standardize.applyInPlace(context.table(), context.originalRows())
        : fitted.apply(context.table());
  }
}
