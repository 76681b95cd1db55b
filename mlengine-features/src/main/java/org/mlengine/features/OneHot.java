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
import org.mlengine.features.Features.Unknown;
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
public final class OneHot implements Extractor {
  private final ImmutableList<String> columns;
  private final Unknown onUnknown;
  private final RareCategories.MinFrequency minFrequency;

  OneHot(ImmutableList<String> columns, Unknown onUnknown) {
    this(columns, onUnknown, null);
  }

  OneHot(ImmutableList<String> columns, Unknown onUnknown, RareCategories.MinFrequency minFrequency) {
    this.columns = columns;
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
  public String name() {
    return OneHotTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.CATEGORICAL), problems);
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return CategoricalFits.oneHot(columns, KernelValues.policy(onUnknown), minFrequency, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    String policy = onUnknown.name().toLowerCase(Locale.ROOT);
    return minFrequency == null
        ? ImmutableMap.of("columns", columns, "onUnknown", policy)
        : ImmutableMap.of("columns", columns, "onUnknown", policy, "minFrequency", minFrequency.spec());
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
