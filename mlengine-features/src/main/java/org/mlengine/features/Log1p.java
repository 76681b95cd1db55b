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
 * The {@code log(1 + x)} step; see {@link Features#log1p(String...)}.
 *
 * <pre>{@code
 * Log1p amount = Features.log1p("Amount");
 * Table logged = amount.fit(context).apply(testPart);
 * }</pre>
 *
 * <p>Each column keeps its name. A value of -1 or less, where the logarithm is undefined, is
 * refused with an {@link InvalidInputException} naming the column, in training and at
 * prediction alike (clip first if such values can occur); a missing value stays missing.
 * Nothing is learned from the training rows.
 */
public final class Log1p implements Extractor {
  private final ImmutableList<String> columns;

  Log1p(ImmutableList<String> columns) {
    this.columns = columns;
  }

  @Override
  public String name() {
    return Log1pTransform.TAG;
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
    return new Log1pTransform(columns);
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
