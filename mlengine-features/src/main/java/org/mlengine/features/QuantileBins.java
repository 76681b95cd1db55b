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
 * The quantile binning step; see {@link Features#quantileBins(String...)}.
 *
 * <pre>{@code
 * QuantileBins income = Features.quantileBins("Income").bins(4);
 * Table binned = income.fit(context).apply(testPart);  // 0, 1, 2 or 3 by training quartiles
 * }</pre>
 *
 * <p>As scikit-learn 1.2's {@code KBinsDiscretizer(strategy='quantile', encode='ordinal')}:
 * the edges are the percentiles {@code 100·i/k} of the non-missing training values (numpy's
 * linear interpolation), an edge less than 1e-8 above the one before it is dropped (so ties
 * can leave fewer bins), and a constant column gets a single bin 0. A value becomes the number
 * of inner edges at or below it, so values outside the training range fall in the first or
 * last bin. Each column keeps its name; a missing value stays missing (scikit-learn refuses
 * it); a column whose training values are all missing is refused.
 */
public final class QuantileBins implements Extractor {
  private final ImmutableList<String> columns;
  private final int bins;

  QuantileBins(ImmutableList<String> columns, int bins) {
    this.columns = columns;
    this.bins = bins;
  }

  /** The number of bins, at least 2 (default 5). */
  public QuantileBins bins(int k) {
    if (k < 2) {
      throw new IllegalArgumentException(
          "bins(" + k + ") would not split anything; give at least 2 bins, e.g. bins(4) for quartiles");
    }
    return new QuantileBins(columns, k);
  }

  @Override
  public String name() {
    return QuantileBinsTransform.TAG;
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
    return NumericFits.quantileBins(columns, bins, context.table());
  }

  @Override
  public Map<String, Object> spec() {
    return ImmutableMap.of("columns", columns, "bins", bins);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
