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
 * The min-max scaling step; see {@link Features#minMax(String...)}.
 *
 * <pre>{@code
 * MinMax age = Features.minMax("Age");
 * Table scaled = age.fit(context).apply(testPart);  // (x - training min) / training range
 * }</pre>
 *
 * <p>As scikit-learn's {@code MinMaxScaler} with the default range [0, 1]: the minimum and
 * maximum come from the training rows only and are never refitted, so a later value outside
 * the training range maps outside [0, 1] (trained on 1..4, a 5 becomes 1.333333). A constant
 * column gets range 1. Missing values are skipped when fitting and stay missing when applied;
 * a column whose training values are all missing is refused.
 */
public final class MinMax implements Extractor {
  private final ImmutableList<String> columns;

  MinMax(ImmutableList<String> columns) {
    this.columns = columns;
  }

  @Override
  public String name() {
    return ScaleTransform.MIN_MAX;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return NumericFits.scale(ScaleTransform.MIN_MAX, columns, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    return ImmutableMap.of("columns", columns);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
