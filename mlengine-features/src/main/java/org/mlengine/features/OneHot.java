package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.Locale;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features.Unknown;
import org.mlengine.runtime.internal.steps.OneHotTransform;

/**
 * The one-hot encoding step; see {@link Features#oneHot(String...)}.
 *
 * <pre>{@code
 * OneHot home = Features.oneHot("Home").onUnknown(Features.Unknown.ERROR);
 * Table encoded = home.fit(context).apply(testPart);  // Home dropped, Home=owner, Home=rent added
 * }</pre>
 *
 * <p>Unlike scikit-learn, whose default is {@code handle_unknown='error'}, the default here is
 * {@link Unknown#IGNORE}: a model in service should not fail on a new category; choose
 * {@link Unknown#ERROR} where an unknown value means broken input. Categories are learned
 * from the training rows only; a TEXT column is refused (declare it CATEGORICAL).
 *
 * <p>With {@link #minFrequency(int)} or {@link #minFrequency(double)}, scikit-learn's
 * {@code min_frequency} with {@code handle_unknown='infrequent_if_exist'}: the categories seen
 * in fewer training rows than the threshold (a count, or a fraction of the training rows,
 * missing values included) share one column {@code Column=other}, appended after the others;
 * a training category already named {@code other} joins it whatever its count. Under
 * {@link Unknown#IGNORE} an unknown category is encoded as {@code other} when that column
 * exists and as all zeros when it does not (no category was rare); under {@link Unknown#ERROR}
 * it is refused, while a rare training category still goes to {@code other}.
 */
public final class OneHot extends Step {
  private final Unknown onUnknown;
  private final RareCategories.MinFrequency minFrequency;

  OneHot(ImmutableList<String> columns, Unknown onUnknown) {
    this(columns, onUnknown, null);
  }

  OneHot(ImmutableList<String> columns, Unknown onUnknown, RareCategories.MinFrequency minFrequency) {
    super(OneHotTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.onUnknown = onUnknown;
    this.minFrequency = minFrequency;
  }

  /**
   * Groups the categories seen in fewer than {@code count} training rows into
   * {@code Column=other} (count &ge; 1; scikit-learn's integer {@code min_frequency}).
   */
  public OneHot minFrequency(int count) {
    return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofCount(count));
  }

  /**
   * Groups the categories seen in fewer than {@code fraction × rows} training rows into
   * {@code Column=other} (0 &lt; fraction &lt; 1; scikit-learn's float {@code min_frequency}).
   */
  public OneHot minFrequency(double fraction) {
    return new OneHot(columns, onUnknown, RareCategories.MinFrequency.ofFraction(fraction));
  }

  /** This step with another policy for categories not seen in training (default IGNORE). */
  public OneHot onUnknown(Unknown policy) {
    if (policy == null) {
      throw new IllegalArgumentException(
          "onUnknown(null): give Features.Unknown.IGNORE (all zeros) or Features.Unknown.ERROR (refuse the row)");
    }
    return new OneHot(columns, policy, minFrequency);
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return CategoricalFits.oneHot(columns, KernelValues.policy(onUnknown), minFrequency, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    spec.put("onUnknown", onUnknown.name().toLowerCase(Locale.ROOT));
    if (minFrequency != null) {
      spec.put("minFrequency", minFrequency.spec());
    }
  }
}
