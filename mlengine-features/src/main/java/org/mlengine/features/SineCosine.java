package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.SineCosineTransform;

/**
 * The cyclical encoding step; see {@link Features#sineCosine(String, double)}.
 *
 * <pre>{@code
 * SineCosine day = Features.sineCosine("DayOfWeek", 7);
 * Table encoded = day.fit(context).apply(testPart);  // DayOfWeek dropped, DayOfWeek_sin, DayOfWeek_cos added
 * }</pre>
 *
 * <p>The period is required and never learned: feature-engine's {@code CyclicalFeatures}
 * learns it as the training maximum, which for days 0-6 is 6 and puts day 6 on day 0. A
 * missing value gives NaN in both outputs (impute the column first). Nothing is learned from
 * the training rows.
 */
public final class SineCosine extends Step {
  private final String column;
  private final double period;

  SineCosine(String column, double period) {
    super(SineCosineTransform.TAG, ImmutableList.of(column), EnumSet.of(ColumnType.NUMERIC));
    this.column = column;
    this.period = period;
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return new SineCosineTransform(column, period);
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("period", period);
  }
}
