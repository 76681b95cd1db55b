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
import org.mlengine.features.Features.CalendarPart;
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
 * The calendar step; see {@link Features#calendar(ZoneId, String...)}.
 *
 * <pre>{@code
 * Calendar when = Features.calendar(ZoneId.of("Europe/Paris"), "OrderTime")
 *     .parts(Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK);
 * // OrderTime dropped; OrderTime_dayOfWeek, _sin, _cos, OrderTime_hour, _sin, _cos added
 * }</pre>
 *
 * <p>Each TIMESTAMP column is dropped and, per part in {@link CalendarPart} order (all parts by
 * default), {@code column_part} is appended, followed for every part but the year by
 * {@code column_part_sin} and {@code column_part_cos}. The period is the part's true one: 24
 * hours, 7 days, 12 months, and the length of that very month (28 to 31) and year (365 or
 * 366), so the last day of a month is always one step before the first. The parts are
 * whole numbers: the hour of 23:59 is 23. The zone is the factory's first argument, so it
 * cannot be forgotten; the same instant is a Monday in Tokyo and a Sunday in Los Angeles.
 * A missing timestamp gives NaN in every output. Nothing is learned from the training rows.
 */
public final class Calendar implements Extractor {
  private final ZoneId zone;
  private final ImmutableList<String> columns;
  private final ImmutableList<CalendarPart> parts;

  Calendar(ZoneId zone, ImmutableList<String> columns, ImmutableList<CalendarPart> parts) {
    this.zone = zone;
    this.columns = columns;
    this.parts = parts;
  }

  /** Only these parts (default: all), written in {@link CalendarPart} order. */
  public Calendar parts(CalendarPart... chosen) {
    if (chosen == null || chosen.length == 0 || Arrays.asList(chosen).contains(null)) {
      throw new IllegalArgumentException(
          "parts(...) needs at least one part and no null, e.g. parts(Features.CalendarPart.HOUR,"
              + " Features.CalendarPart.DAY_OF_WEEK)");
    }
    return new Calendar(zone, columns, ImmutableList.copyOf(EnumSet.copyOf(Arrays.asList(chosen))));
  }

  @Override
  public String name() {
    return CalendarTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name(), columns, schema, EnumSet.of(ColumnType.TIMESTAMP), problems);
  }

  @Override
  public FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return new CalendarTransform(zone, KernelValues.fields(parts), columns);
  }

  @Override
  public Map<String, Object> spec() {
    return ImmutableMap.of(
        "columns", columns,
        "zone", zone.getId(),
        "parts", parts.stream().map(p -> CalendarTransform.label(KernelValues.field(p))).collect(ImmutableList.toImmutableList()));
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
