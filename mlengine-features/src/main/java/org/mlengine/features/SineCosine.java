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
 * The cyclical encoding step; see {@link Features#sineCosine(String, double)}.
 *
 * <pre>{@code
 * SineCosine day = Features.sineCosine("DayOfWeek", 7);
 * Table encoded = day.fit(context).apply(testPart);  // DayOfWeek dropped, DayOfWeek_sin, DayOfWeek_cos added
 * }</pre>
 *
 * <p>The period is required and never learned: feature-engine's {@code CyclicalFeatures}
 * learns it as the training maximum, which for days 0-6 is 6 and puts day 6 on day 0. A
 * missing value gives NaN in both outputs (impute the column first). Nothing is learned from
 * the training rows.
 */
public final class SineCosine implements Extractor {
  private final String column;
  private final double period;

  SineCosine(String column, double period) {
    this.column = column;
    this.period = period;
  }

  @Override
  public String name() {
    return SineCosineTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return ImmutableList.of(column);
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns(), schema, EnumSet.of(ColumnType.NUMERIC), problems);
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return new SineCosineTransform(column, period);
  }

  @Override
  public Map<String, Object> spec() {
    return ImmutableMap.of("columns", columns(), "period", period);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
