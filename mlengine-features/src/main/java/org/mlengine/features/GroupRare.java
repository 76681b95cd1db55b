package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mlengine.core.Augmentation;
import org.mlengine.core.Augmenter;
import org.mlengine.core.ColumnType;
import org.mlengine.core.Extractor;
import org.mlengine.core.FitContext;
import org.mlengine.core.FittedTransform;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Schema;
import org.mlengine.core.Table;
import org.mlengine.features.kernel.BagOfWordsTransform;
import org.mlengine.features.kernel.CalendarTransform;
import org.mlengine.features.kernel.ClipTransform;
import org.mlengine.features.kernel.EmbeddingTransform;
import org.mlengine.features.kernel.FrequencyEncodingTransform;
import org.mlengine.features.kernel.GroupRareTransform;
import org.mlengine.features.kernel.HashingTransform;
import org.mlengine.features.kernel.ImputeTransform;
import org.mlengine.features.kernel.LdaTransform;
import org.mlengine.features.kernel.Log1pTransform;
import org.mlengine.features.kernel.LsaTransform;
import org.mlengine.features.kernel.MeanEncodingTransform;
import org.mlengine.features.kernel.OneHotTransform;
import org.mlengine.features.kernel.QuantileBinsTransform;
import org.mlengine.features.kernel.ScaleTransform;
import org.mlengine.features.kernel.SineCosineTransform;
import org.mlengine.features.kernel.StandardizeTransform;
import org.mlengine.features.kernel.TextAnalyzer;
import org.mlengine.features.kernel.TokenizerSettings;
import org.mlengine.features.kernel.WeightOfEvidenceTransform;

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
public final class GroupRare implements Extractor {
  private final ImmutableList<String> columns;
  private final RareCategories.MinFrequency minFrequency;

  GroupRare(ImmutableList<String> columns, RareCategories.MinFrequency minFrequency) {
    this.columns = columns;
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
  public String name() {
    return GroupRareTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
    if (minFrequency == null) {
      problems.add(name() + " of " + columns + " has no threshold; add .minFrequency(10) to group categories seen in"
          + " fewer than 10 training rows, or .minFrequency(0.01) for fewer than 1% of them.");
    }
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return CategoricalFits.groupRare(columns, minFrequency, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    return minFrequency == null
        ? ImmutableMap.of("columns", columns)
        : ImmutableMap.of("columns", columns, "minFrequency", minFrequency.spec());
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
