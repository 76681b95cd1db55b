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
public final class FrequencyEncoding implements Extractor {
  private final ImmutableList<String> columns;
  private final boolean shares;

  FrequencyEncoding(ImmutableList<String> columns, boolean shares) {
    this.columns = columns;
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
  public String name() {
    return FrequencyEncodingTransform.TAG;
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
    if (context.table().rowCount() == 0) {
      throw new IllegalArgumentException(name() + " needs at least one training row; the training part is empty");
    }
    return CategoricalFits.frequencyEncoding(columns, shares, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    return ImmutableMap.of("columns", columns, "output", shares ? "share" : "count");
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
