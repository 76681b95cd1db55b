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
 * The robust scaling step; see {@link Features#robustScale(String...)}.
 *
 * <pre>{@code
 * RobustScale income = Features.robustScale("Income");
 * Table scaled = income.fit(context).apply(testPart);  // (x - median) / (q75 - q25)
 * }</pre>
 *
 * <p>As scikit-learn's {@code RobustScaler(quantile_range=(25, 75))}: the median and the 25th
 * and 75th percentiles of the training rows, with numpy's default linear interpolation
 * between ranks; an interquartile range of (almost) zero becomes 1. Missing values are
 * skipped when fitting and stay missing when applied; a column whose training values are all
 * missing is refused.
 */
public final class RobustScale implements Extractor {
  private final ImmutableList<String> columns;

  RobustScale(ImmutableList<String> columns) {
    this.columns = columns;
  }

  @Override
  public String name() {
    return ScaleTransform.ROBUST;
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
    return NumericFits.scale(ScaleTransform.ROBUST, columns, context.table());
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
