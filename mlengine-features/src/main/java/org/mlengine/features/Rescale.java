package org.mlengine.features;

import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.internal.steps.Log1pTransform;
import org.mlengine.runtime.internal.steps.ScaleTransform;

/**
 * A step that rescales NUMERIC columns in place, each column keeping its name: min-max scaling
 * ({@link Features#minMax(String...)}), robust scaling ({@link Features#robustScale(String...)})
 * or {@code log(1 + x)} ({@link Features#log1p(String...)}). The three differ only in their
 * {@link Kind}.
 *
 * <pre>{@code
 * Rescale age = Features.minMax("Age");
 * Table scaled = age.fit(context).apply(testPart);  // (x - training min) / training range
 * }</pre>
 *
 * <ul>
 *   <li>{@code minMax}: as scikit-learn's {@code MinMaxScaler} with the default range [0, 1]: the
 *       minimum and maximum come from the training rows only and are never refitted, so a later
 *       value outside the training range maps outside [0, 1] (trained on 1..4, a 5 becomes
 *       1.333333). A constant column gets range 1.
 *   <li>{@code robustScale}: as scikit-learn's {@code RobustScaler(quantile_range=(25, 75))}:
 *       {@code (x - median) / (q75 - q25)} with the median and the 25th and 75th percentiles of
 *       the training rows, with numpy's default linear interpolation between ranks; an
 *       interquartile range of (almost) zero becomes 1.
 *   <li>{@code log1p}: {@code log(1 + x)}; nothing is learned from the training rows. A value of
 *       -1 or less, where the logarithm is undefined, is refused with an {@link
 *       InvalidInputException} naming the column, in training and at prediction alike (clip
 *       first if such values can occur).
 * </ul>
 *
 * <p>Missing values are skipped when fitting and stay missing when applied; a scaled column
 * whose training values are all missing is refused.
 */
public final class Rescale extends Step {
  /** Which rescaling, named by its tag. */
  enum Kind {
    MIN_MAX(ScaleTransform.MIN_MAX),
    ROBUST_SCALE(ScaleTransform.ROBUST),
    LOG1P(Log1pTransform.TAG);

    final String tag;

    Kind(String tag) {
      this.tag = tag;
    }
  }

  private final Kind kind;

  Rescale(Kind kind, List<String> columns) {
    super(kind.tag, columns, EnumSet.of(ColumnType.NUMERIC));
    this.kind = kind;
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return kind == Kind.LOG1P
        ? new Log1pTransform(columns)
        : NumericFits.scale(kind.tag, columns, context.table());
  }
}
