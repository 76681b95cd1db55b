package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.internal.steps.WindowTransform.Kind;
import org.mlengine.runtime.internal.steps.WindowTransform.Span;
import org.mlengine.runtime.internal.steps.WindowTransform.Statistic;
import org.mlengine.runtime.internal.steps.WindowTransform;

/**
 * Statistics of a NUMERIC column over a window of each row's past, per entity; made by {@link
 * Features#window(String)}.
 *
 * <pre>{@code
 * Features.window("ridership").orderedBy("date").over(Duration.ofDays(7)).mean().std().min().max()
 *     // ridership_mean_7d, ridership_std_7d, ridership_min_7d, ridership_max_7d
 * Features.window("Sales").by("Store").orderedBy("Date").last(3).median().lag(1)
 *     // Sales_median_3rows, Sales_lag1
 * }</pre>
 *
 * <p><b>Which events.</b> The events are the rows of the same entity ({@link #by}; one series
 * without it), ordered by the TIMESTAMP column ({@link #orderedBy}) and, at equal times, by row
 * order (at predict time: by the order they were appended to the {@link org.mlengine.runtime.History}).
 * A row at time t reads only events strictly before its cutoff {@code t − gap} ({@link #gap},
 * default zero): never itself, nor any row at the same instant. The window is the last {@code n}
 * such events ({@link #last(int)}; missing values take their place in it but are skipped by
 * the statistics, as pandas does), the events with time in {@code [t − gap − D, t − gap)}
 * ({@link #over(Duration)}), or all of them ({@link #expanding()}).
 *
 * <p><b>Statistics</b>, over the window's non-missing values, each an output NUMERIC column
 * named {@code prefix_statistic_window} (prefix: the value column, or {@link #prefix}; window:
 * {@code 3rows}, {@code 7d}, {@code 12h}, {@code all}; {@code _gap1d} appended for a gap):
 * {@link #count()} (never missing; 0 for an empty window), {@link #sum()}, {@link #mean()},
 * {@link #median()} (the mean of the two middle values for an even count), {@link #std()}
 * (sample standard deviation, ddof 1, pandas' convention; {@link #std(int) std(0)} for the
 * population one, named {@code std_pop}), {@link #min()}, {@link #max()}, {@link #growth()}
 * ({@code (last − first) / |first|} of the first and last values in time order; missing when the
 * first is 0), {@link #slope(Duration)} (least-squares slope of value over time, per the unit
 * given), {@link #outlierCount()} (values outside {@code [Q1 − 1.5·IQR, Q3 + 1.5·IQR]}, quartiles
 * by numpy's 'linear' method), and {@link #lag(int) lag(k)} (the value of the k-th latest event
 * before the cutoff, whatever the window's size; named {@code prefix_lagK}). With fewer than
 * {@link #minObservations(int)} non-missing values (default: n for {@code last(n)}, pandas'
 * {@code min_periods}; 1 otherwise) every statistic but count and lag is missing (NaN).
 *
 * <p><b>Same values offline and online.</b> Over a table, the window slides: rows sorted by
 * entity, time and row, each event added and removed once (O(n log U) for median and outliers
 * with U distinct values, O(n) otherwise, never O(n·W)). At predict time each row's window is
 * computed from scratch from the history's events. Sums, means, variances and slopes are one
 * correctly rounded function of exact sums (an exact accumulator of doubles, squares and
 * products split exactly with {@code Math.fma}, variance and slope numerators in exact
 * integers), and the other statistics are chosen by rank, so both paths give the same doubles
 * bit for bit.
 *
 * <p>The entity column is CATEGORICAL and the time column TIMESTAMP; a row without either is
 * refused. The value column is NUMERIC and may be the target (averaging past ridership is
 * legitimate): it is read from past rows only, so a request need not carry it ({@link
 * #columns()} lists the entity and time). Infinite values are refused. The step is immutable:
 * each option returns a changed copy.
 */
public final class Window implements EventExtractor {
  private final String value;
  private final Optional<String> entity;
  private final Optional<String> time;
  private final Span span;
  private final long size;
  private final long gapMillis;
  private final ImmutableList<Statistic> statistics;
  private final Optional<Integer> minObservations;
  private final Optional<String> prefix;

  private Window(String value, Optional<String> entity, Optional<String> time, Span span, long size, long gapMillis,
      List<Statistic> statistics, Optional<Integer> minObservations, Optional<String> prefix) {
    this.value = value;
    this.entity = entity;
    this.time = time;
    this.span = span;
    this.size = size;
    this.gapMillis = gapMillis;
    this.statistics = ImmutableList.copyOf(statistics);
    this.minObservations = minObservations;
    this.prefix = prefix;
  }

  /** A window over {@code value} with no entity, time, window or statistics yet. */
  static Window of(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("Features.window(...) got " + (value == null ? "a null" : "an empty")
          + " column name; give the NUMERIC column the statistics are computed over, e.g. Features.window(\"ridership\")");
    }
    return new Window(value, Optional.empty(), Optional.empty(), Span.NONE, 0, 0, List.of(), Optional.empty(), Optional.empty());
  }

  /** Computes one series per value of this CATEGORICAL column (a store, a customer). */
  public Window by(String entityColumn) {
    return new Window(value, Optional.of(column("by", entityColumn, "Store")), time, span, size, gapMillis, statistics,
        minObservations, prefix);
  }

  /** Orders the events by this TIMESTAMP column; required. */
  public Window orderedBy(String timeColumn) {
    return new Window(value, entity, Optional.of(column("orderedBy", timeColumn, "date")), span, size, gapMillis, statistics,
        minObservations, prefix);
  }

  /** A window of the last {@code rows} events before the cutoff, missing values included. */
  public Window last(int rows) {
    requireNoSpan("last(" + rows + ")");
    if (rows < 1) {
      throw new IllegalArgumentException("last(" + rows + ") needs at least one row; e.g. last(7) for the seven rows before each row");
    }
    return withSpan(Span.ROWS, rows);
  }

  /** A window of the events with time in {@code [t − gap − duration, t − gap)}. */
  public Window over(Duration duration) {
    requireNoSpan("over(" + duration + ")");
    return withSpan(Span.DURATION, millis("over", duration, false));
  }

  /** A window of all events before the cutoff. */
  public Window expanding() {
    requireNoSpan("expanding()");
    return withSpan(Span.EXPANDING, 0);
  }

  /** Ends each row's window {@code gap} before its time (a forecast horizon); zero by default. */
  public Window gap(Duration gap) {
    return new Window(value, entity, time, span, size, millis("gap", gap, true), statistics, minObservations, prefix);
  }

  /** The number of non-missing values in the window (0 when none; never missing). */
  public Window count() {
    return with(new Statistic(Kind.COUNT, 0));
  }

  /** The sum of the values. */
  public Window sum() {
    return with(new Statistic(Kind.SUM, 0));
  }

  /** The mean of the values. */
  public Window mean() {
    return with(new Statistic(Kind.MEAN, 0));
  }

  /** The median of the values (the mean of the two middle ones for an even count). */
  public Window median() {
    return with(new Statistic(Kind.MEDIAN, 0));
  }

  /** The sample standard deviation (ddof 1, as pandas): missing with fewer than two values. */
  public Window std() {
    return std(1);
  }

  /**
   * The standard deviation with {@code ddof} delta degrees of freedom: 1 for the sample one
   * (column {@code _std_}), 0 for the population one (column {@code _std_pop_}).
   */
  public Window std(int ddof) {
    if (ddof != 0 && ddof != 1) {
      throw new IllegalArgumentException("std(" + ddof + ") takes ddof 1 (sample, pandas' default) or 0 (population, numpy's"
          + " default)");
    }
    return with(new Statistic(Kind.STD, ddof));
  }

  /** The smallest value. */
  public Window min() {
    return with(new Statistic(Kind.MIN, 0));
  }

  /** The largest value. */
  public Window max() {
    return with(new Statistic(Kind.MAX, 0));
  }

  /** {@code (last − first) / |first|} of the window's first and last values in time order; missing when the first is 0. */
  public Window growth() {
    return with(new Statistic(Kind.GROWTH, 0));
  }

  /** The least-squares slope of value over time, in value units per {@code unit} (e.g. per day). */
  public Window slope(Duration unit) {
    return with(new Statistic(Kind.SLOPE, millis("slope", unit, false)));
  }

  /** The number of values outside {@code [Q1 − 1.5·IQR, Q3 + 1.5·IQR]} (quartiles by numpy's 'linear' method). */
  public Window outlierCount() {
    return with(new Statistic(Kind.OUTLIERS, 0));
  }

  /** The value of the k-th latest event before the cutoff, whatever the window's size (missing when there are fewer). */
  public Window lag(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("lag(" + k + ") needs k >= 1: lag(1) is the latest event before the row's cutoff");
    }
    return with(new Statistic(Kind.LAG, k));
  }

  /** The fewest non-missing values a statistic other than count and lag needs; below it, it is missing. */
  public Window minObservations(int observations) {
    if (observations < 1) {
      throw new IllegalArgumentException("minObservations(" + observations + ") must be at least 1; count() already gives 0 for an"
          + " empty window");
    }
    return new Window(value, entity, time, span, size, gapMillis, statistics, Optional.of(observations), prefix);
  }

  /** Names the output columns {@code prefix_statistic_window} instead of after the value column. */
  public Window prefix(String outputPrefix) {
    return new Window(value, entity, time, span, size, gapMillis, statistics, minObservations,
        Optional.of(column("prefix", outputPrefix, "ridership")));
  }

  @Override
  public String name() {
    return WindowTransform.TAG;
  }

  /** The columns a request carries: the entity (if any) and the time; the value column is read from past rows only. */
  @Override
  public List<String> columns() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    entity.ifPresent(out::add);
    time.ifPresent(out::add);
    return out.build();
  }

  @Override
  public boolean readsOwnRows() {
    return true;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    problems.addAll(definitionProblems());
    Optional<Schema.Field> v = schema.column(value);
    if (v.isEmpty()) {
      problems.add(Steps.absent(name(), value, schema));
    } else if (v.get().type() != ColumnType.NUMERIC) {
      problems.add(Steps.wrongType(name(), value, v.get().type(), java.util.EnumSet.of(ColumnType.NUMERIC)));
    }
    entity.ifPresent(e -> Steps.checkColumns(name(), List.of(e), schema, java.util.EnumSet.of(ColumnType.CATEGORICAL), problems));
    time.ifPresent(t -> Steps.checkColumns(name(), List.of(t), schema, java.util.EnumSet.of(ColumnType.TIMESTAMP), problems));
    if (problems.isEmpty()) {
      for (String out : transform().outputColumns()) {
        if (schema.column(out).isPresent()) {
          problems.add(name() + " writes column '" + out + "', which the table already has; rename that column or give the"
              + " window another .prefix(...)");
        }
      }
    }
  }

  @Override
  public EventTransform fit(FitContext context) {
    List<String> problems = new ArrayList<>();
    check(context.table().schema(), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return transform();
  }

  @Override
  public Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("value", value);
    entity.ifPresent(e -> spec.put("by", e));
    time.ifPresent(t -> spec.put("orderedBy", t));
    spec.put("window", switch (span) {
      case ROWS -> "last " + size + " rows";
      case DURATION -> Duration.ofMillis(size).toString();
      case EXPANDING -> "expanding";
      case NONE -> "none";
    });
    spec.put("gap", Duration.ofMillis(gapMillis).toString());
    spec.put("statistics", statistics.stream().map(Statistic::label).toList());
    spec.put("minObservations", effectiveMinObservations());
    spec.put("prefix", prefix.orElse(value));
    return ImmutableMap.copyOf(spec);
  }

  @Override
  public String toString() {
    return name() + spec();
  }

  private int effectiveMinObservations() {
    return minObservations.orElse(span == Span.ROWS ? (int) size : 1);
  }

  /** What the definition lacks or contradicts, whatever the table. */
  private List<String> definitionProblems() {
    List<String> problems = new ArrayList<>();
    String self = "Features.window(\"" + value + "\")";
    if (time.isEmpty()) {
      problems.add(self + " has no time column; add .orderedBy(\"date\") with the TIMESTAMP column that orders the rows");
    }
    if (statistics.isEmpty()) {
      problems.add(self + " computes no statistic; add one or more of .count(), .sum(), .mean(), .median(), .std(), .min(),"
          + " .max(), .growth(), .slope(Duration.ofDays(1)), .outlierCount(), .lag(1)");
    }
    List<String> needWindow = statistics.stream().filter(s -> s.kind() != Kind.LAG).map(Statistic::label).toList();
    if (span == Span.NONE && !needWindow.isEmpty()) {
      problems.add(self + " computes " + needWindow + " but has no window; add .last(7) (rows), .over(Duration.ofDays(7))"
          + " or .expanding()");
    }
    if (span == Span.ROWS && effectiveMinObservations() > size) {
      problems.add(self + " needs " + effectiveMinObservations() + " observations in a window of " + size + " rows, so every"
          + " value would be missing; lower .minObservations(...) to at most " + size);
    }
    String[] names = {value, entity.orElse(null), time.orElse(null)};
    for (int i = 0; i < names.length; i++) {
      for (int j = i + 1; j < names.length; j++) {
        if (names[i] != null && names[i].equals(names[j])) {
          problems.add(self + " uses column '" + names[i] + "' twice; the value, entity (by) and time (orderedBy) columns must"
              + " differ");
        }
      }
    }
    return problems;
  }

  /**
   * The window as a feature view's feature: the view's entity, time and gap fill what the window
   * leaves unset; a window that sets another is refused, naming both.
   */
  WindowTransform forView(String view, Optional<String> viewEntity, String viewTime, long viewGapMillis, List<String> problems) {
    String self = "Features.window(\"" + value + "\") in feature view '" + view + "'";
    if (entity.isPresent() && !entity.equals(viewEntity)) {
      problems.add(self + " is by '" + entity.get() + "' but the view is by " + viewEntity.map(e -> "'" + e + "'").orElse("no entity")
          + "; leave out .by(...) (the view's entity applies)");
    }
    if (time.isPresent() && !time.get().equals(viewTime)) {
      problems.add(self + " is ordered by '" + time.get() + "' but the view's time is '" + viewTime + "'; leave out .orderedBy(...)");
    }
    if (gapMillis != 0 && gapMillis != viewGapMillis) {
      problems.add(self + " has gap " + Duration.ofMillis(gapMillis) + " but the view's is " + Duration.ofMillis(viewGapMillis)
          + "; set the gap on the view only");
    }
    Window filled = new Window(value, viewEntity, Optional.of(viewTime), span, size, viewGapMillis, statistics, minObservations,
        prefix);
    List<String> own = filled.definitionProblems();
    problems.addAll(own);
    return problems.isEmpty() ? filled.transform() : null;
  }

  private WindowTransform transform() {
    List<String> problems = definitionProblems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new WindowTransform(value, entity, time.orElseThrow(), span, size, gapMillis, statistics, effectiveMinObservations(),
        prefix.orElse(value));
  }

  private Window with(Statistic statistic) {
    for (Statistic s : statistics) {
      if (s.label().equals(statistic.label())) {
        throw new IllegalArgumentException("Features.window(\"" + value + "\") already computes " + statistic.label()
            + "; request each statistic once");
      }
    }
    List<Statistic> more = new ArrayList<>(statistics);
    more.add(statistic);
    return new Window(value, entity, time, span, size, gapMillis, more, minObservations, prefix);
  }

  private Window withSpan(Span newSpan, long newSize) {
    return new Window(value, entity, time, newSpan, newSize, gapMillis, statistics, minObservations, prefix);
  }

  private void requireNoSpan(String call) {
    if (span != Span.NONE) {
      throw new IllegalArgumentException("Features.window(\"" + value + "\") already has a window (" + spec().get("window")
          + "); " + call + " would replace it. Choose one of last(rows), over(duration) and expanding(), or make a second"
          + " window step");
    }
  }

  private static String column(String option, String name, String example) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(option + "(...) got " + (name == null ? "a null" : "an empty") + " name; e.g. "
          + option + "(\"" + example + "\")");
    }
    return name;
  }

  /** A duration in whole milliseconds: positive, or (for a gap) at least zero. */
  private static long millis(String option, Duration d, boolean zeroAllowed) {
    Objects.requireNonNull(d, () -> option + "(...) got a null duration; e.g. " + option + "(Duration.ofDays(7))");
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new IllegalArgumentException(option + "(" + d + ") needs a " + (zeroAllowed ? "duration of zero or more" : "positive"
          + " duration") + ", e.g. " + option + "(Duration.ofDays(7))");
    }
    long millis;
    try {
      millis = d.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(option + "(" + d + ") is longer than the epoch-millisecond range; give a shorter duration", e);
    }
    if (Duration.ofMillis(millis).compareTo(d) != 0) {
      throw new IllegalArgumentException(option + "(" + d + ") is not a whole number of milliseconds, the resolution of"
          + " TIMESTAMP columns; round it, e.g. " + option + "(Duration.ofMillis(" + Math.max(1, millis) + "))");
    }
    return millis;
  }
}
