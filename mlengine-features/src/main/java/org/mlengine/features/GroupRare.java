package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumSet;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.internal.steps.GroupRareTransform;

/**
 * The rare-category grouping step; see {@link Features#groupRare(String...)}.
 *
 * <pre>{@code
 * GroupRare job = Features.groupRare("Job").minFrequency(10);
 * pipeline.add(job).add(Features.oneHot("Job"));   // Job=clerk, ..., Job=other
 * }</pre>
 *
 * <p>As scikit-learn's {@code OneHotEncoder(min_frequency=...)}: a whole count {@code n} groups
 * the categories seen in fewer than {@code n} training rows; a fraction {@code f} in (0, 1)
 * those seen in fewer than {@code f × rows} (missing values count towards the rows, as
 * scikit-learn's {@code n_samples}). Grouped categories, and at apply time any category not
 * seen in training, become {@code "other"}; a missing value stays missing. A training category
 * already named {@code "other"} joins the group whatever its count. {@link OneHot#minFrequency}
 * does the same inside one-hot encoding.
 */
public final class GroupRare extends Step {
  private final RareCategories.MinFrequency minFrequency;

  GroupRare(ImmutableList<String> columns, RareCategories.MinFrequency minFrequency) {
    super(GroupRareTransform.TAG, columns, EnumSet.of(ColumnType.CATEGORICAL));
    this.minFrequency = minFrequency;
  }

  /** Groups the categories seen in fewer than {@code count} training rows (count &ge; 1). */
  public GroupRare minFrequency(int count) {
    return new GroupRare(columns, RareCategories.MinFrequency.ofCount(count));
  }

  /** Groups the categories seen in fewer than {@code fraction × rows} training rows (0 &lt; fraction &lt; 1). */
  public GroupRare minFrequency(double fraction) {
    return new GroupRare(columns, RareCategories.MinFrequency.ofFraction(fraction));
  }

  @Override
  void checkOptions(List<String> problems) {
    if (minFrequency == null) {
      problems.add(name() + " of " + columns + " has no threshold; add .minFrequency(10) to group categories seen in"
          + " fewer than 10 training rows, or .minFrequency(0.01) for fewer than 1% of them.");
    }
  }

  @Override
  FittedTransform fitChecked(FitContext context) {
    return CategoricalFits.groupRare(columns, minFrequency, context.table());
  }

  @Override
  void options(ImmutableMap.Builder<String, Object> spec) {
    if (minFrequency != null) {
      spec.put("minFrequency", minFrequency.spec());
    }
  }
}
