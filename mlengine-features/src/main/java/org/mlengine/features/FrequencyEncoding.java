package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.FrequencyEncodingTransform;

/**
 * The frequency-encoding step; see {@link Features#frequencyEncoding(String...)}.
 *
 * <pre>{@code
 * FrequencyEncoding city = Features.frequencyEncoding("City").counts();
 * Table encoded = city.fit(context).apply(testPart);  // City: training rows with that city
 * }</pre>
 *
 * <p>Each column is replaced in place by a NUMERIC column: the category's count over the
 * training rows, divided by the number of training rows (missing values included) unless
 * {@link #counts()} asks for the plain count. A category not seen in training, and a missing
 * value, become 0 (impute first to count missing values as a category). The target is not
 * read, so training rows need no cross-fitting.
 */
public final class FrequencyEncoding extends Step {
  private final boolean shares;

  FrequencyEncoding(ImmutableList<String> columns, boolean shares) {
    super(FrequencyEncodingTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.shares = shares;
  }

  /** Encode the number of training rows with the category. */
  public FrequencyEncoding counts() {
    return new FrequencyEncoding(columns, false);
  }

  /** Encode the share of training rows with the category, in [0, 1] (the default). */
  public FrequencyEncoding shares() {
    return new FrequencyEncoding(columns, true);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    if (context.table().rowCount() == 0) {
      throw new IllegalArgumentException(name() + " needs at least one training row; the training part is empty");
    }
    return CategoricalFits.frequencyEncoding(columns, shares, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("output", shares ? "share" : "count");
  }
}
