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
 * The clipping step; see {@link Features#clip(String...)}.
 *
 * <pre>{@code
 * Clip age = Features.clip("Age").between(18, 99);
 * Clip income = Features.clip("Income").quantiles(0.01, 0.99);  // learned on training rows
 * }</pre>
 *
 * <p>Values below the lower bound become the lower bound and values above the upper bound the
 * upper bound; a missing value stays missing. With {@link #quantiles(double, double)} the
 * bounds are quantiles of each column's non-missing training values (numpy's default linear
 * interpolation), learned once and never refitted. With {@link #between(double, double)} an
 * infinite bound leaves that side open. One of the two is required.
 */
public final class Clip implements Extractor {
  enum Mode {
    UNSET,
    BETWEEN,
    QUANTILES
  }

  private final ImmutableList<String> columns;
  private final Mode mode;
  private final double lower;
  private final double upper;

  Clip(ImmutableList<String> columns, Mode mode, double lower, double upper) {
    this.columns = columns;
    this.mode = mode;
    this.lower = lower;
    this.upper = upper;
  }

  /** Clip to fixed bounds; {@code Double.NEGATIVE_INFINITY} or {@code POSITIVE_INFINITY} leaves a side open. */
  public Clip between(double lower, double upper) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper
        || lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          "between(" + lower + ", " + upper + ") is not a range; give lower <= upper, e.g. between(0, 100), or"
              + " between(0, Double.POSITIVE_INFINITY) to clip one side only");
    }
    return new Clip(columns, Mode.BETWEEN, lower, upper);
  }

  /** Clip to these quantiles of the training values, 0 &le; lower &lt; upper &le; 1. */
  public Clip quantiles(double lower, double upper) {
    if (!(lower >= 0 && lower < upper && upper <= 1)) {
      throw new IllegalArgumentException(
          "quantiles(" + lower + ", " + upper + ") are not quantiles with 0 <= lower < upper <= 1; give e.g."
              + " quantiles(0.01, 0.99)");
    }
    return new Clip(columns, Mode.QUANTILES, lower, upper);
  }

  @Override
  public String name() {
    return ClipTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.NUMERIC), problems);
    if (mode == Mode.UNSET) {
      problems.add(name() + " of " + columns + " has no bounds; add .between(lower, upper) for fixed bounds or"
          + " .quantiles(0.01, 0.99) for bounds learned from the training rows.");
    }
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return mode == Mode.QUANTILES
        ? NumericFits.clipQuantiles(columns, lower, upper, context.table())
        : NumericFits.clipFixed(columns, lower, upper);
  }

  @Override
  public Map<String, Object> spec() {
    return switch (mode) {
      case UNSET -> ImmutableMap.of("columns", columns);
      case BETWEEN -> ImmutableMap.of("columns", columns, "between", ImmutableList.of(bound(lower), bound(upper)));
      case QUANTILES -> ImmutableMap.of("columns", columns, "quantiles", ImmutableList.of(lower, upper));
    };
  }

  /** A bound for the spec: a number, or "-Infinity" / "Infinity" for an open side (JSON has no infinity). */
  private static Object bound(double value) {
    return Double.isInfinite(value) ? (Object) Double.toString(value) : (Object) value;
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
