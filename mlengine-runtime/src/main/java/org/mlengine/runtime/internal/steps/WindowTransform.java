package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;

/**
 * Window statistics of a NUMERIC column over the earlier rows of the same entity, as the fit
 * side's {@code Window} defines them: for a row at time t, the events of its entity with time
 * before {@code t − gap} (the last {@code rows} of them, those within {@code span} before the
 * cutoff, or all).
 * One NUMERIC column per statistic is appended; the entity, time and value columns are kept.
 * Nothing is learned from the training rows.
 *
 * <pre>{@code
 * WindowTransform w = new WindowTransform("Amount", Optional.of("Customer"), "PaidAt", WindowTransform.Span.ROWS, 3, 0,
 *     List.of(new WindowTransform.Statistic(WindowTransform.Kind.MEAN, 0)), 1, "Amount_last3");
 * Table offline = w.apply(payments);
 * Table online = w.apply(requests, history);
 * }</pre>
 *
 * @param value the NUMERIC column the statistics are computed over
 * @param entity the CATEGORICAL column whose value selects one series; empty for one series
 * @param time the TIMESTAMP column ordering the rows
 * @param span how the window is bounded
 * @param size the number of rows ({@link Span#ROWS}) or milliseconds ({@link Span#DURATION}); 0 otherwise
 * @param gapMillis how long before a row's time its window ends, in milliseconds, at least 0
 * @param statistics the statistics, one output column each, in output order
 * @param minObservations the fewest non-missing values a statistic other than count and lag needs
 * @param prefix the start of every output column's name
 */
public record WindowTransform(String value, Optional<String> entity, String time, Span span, long size, long gapMillis,
    List<Statistic> statistics, int minObservations, String prefix) implements EventTransform {
  public static final String TAG = "window";

  /** How a window is bounded. */
  public enum Span {
    /** The last {@code size} events before the cutoff, missing values included. */
    ROWS,
    /** The events within {@code size} milliseconds before the cutoff. */
    DURATION,
    /** All events before the cutoff. */
    EXPANDING,
    /** No window: only lags. */
    NONE
  }

  /** What a statistic computes. */
  public enum Kind {
    COUNT, SUM, MEAN, MEDIAN, STD, MIN, MAX, GROWTH, SLOPE, OUTLIERS, LAG;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One statistic: its kind and its parameter (the delta degrees of freedom of {@code std}, the
   * unit in milliseconds of {@code slope}, the k of {@code lag}; 0 for the others).
   */
  public record Statistic(Kind kind, long parameter) {
    public Statistic {
      Objects.requireNonNull(kind, "kind");
      switch (kind) {
        case STD -> checkArgument(parameter == 0 || parameter == 1, "std has ddof %s; it must be 0 or 1", parameter);
        case SLOPE -> checkArgument(parameter > 0, "slope has a unit of %s ms; it must be positive", parameter);
        case LAG -> checkArgument(parameter >= 1 && parameter <= Integer.MAX_VALUE, "lag is %s; it must be at least 1", parameter);
        default -> checkArgument(parameter == 0, "%s takes no parameter, got %s", kind.label(), parameter);
      }
    }

    /** The part of the output column's name after the prefix, e.g. {@code mean}, {@code std_pop}, {@code lag2}. */
    public String label() {
      return switch (kind) {
        case STD -> parameter == 1 ? "std" : "std_pop";
        case SLOPE -> "slope_per_" + durationLabel(parameter);
        case LAG -> "lag" + parameter;
        default -> kind.label();
      };
    }
  }

  public WindowTransform {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(prefix, "prefix");
    statistics = List.copyOf(statistics);
    checkArgument(!statistics.isEmpty(), "a window needs at least one statistic, e.g. .mean()");
    checkArgument(gapMillis >= 0, "the gap is %s ms; it must not be negative", gapMillis);
    checkArgument(minObservations >= 1, "minObservations is %s; it must be at least 1", minObservations);
    checkArgument(!prefix.isEmpty(), "the output prefix is empty; give a name such as \"%s\"", value);
    switch (span) {
      case ROWS -> {
        checkArgument(size >= 1 && size <= Integer.MAX_VALUE, "a window of %s rows; it needs at least 1", size);
        checkArgument(minObservations <= size, "minObservations is %s but the window holds %s rows, so every value would be"
            + " missing; lower minObservations", minObservations, size);
      }
      case DURATION -> checkArgument(size >= 1, "a window of %s ms; it needs a positive duration", size);
      default -> checkArgument(size == 0, "a %s window has no size, got %s", span, size);
    }
    boolean onlyLags = statistics.stream().allMatch(s -> s.kind() == Kind.LAG);
    checkArgument(span != Span.NONE || onlyLags, "statistics %s need a window; choose .last(rows), .over(duration) or"
        + " .expanding()", statistics.stream().filter(s -> s.kind() != Kind.LAG).map(Statistic::label).toList());
    Set<String> names = new HashSet<>();
    for (Statistic s : statistics) {
      checkArgument(names.add(s.label()), "statistic %s is listed twice; list each once", s.label());
    }
    checkArgument(entity.map(e -> !e.equals(time) && !e.equals(value)).orElse(true) && !time.equals(value),
        "the value '%s', entity %s and time '%s' columns must be three different columns", value, entity, time);
  }

  @Override
  public String tag() {
    return TAG;
  }

  /** The columns a request carries: the entity (if any) and the time. */
  @Override
  public List<String> inputColumns() {
    List<String> out = new ArrayList<>();
    entity.ifPresent(out::add);
    out.add(time);
    return List.copyOf(out);
  }

  @Override
  public List<String> pastColumns() {
    return List.of(value);
  }

  @Override
  public List<EventSource> sources() {
    int maxLag = maxLag();
    // A lag reaches past a duration window's start, so with a gap (any number of events in it)
    // nothing short of everything is enough; without one, the latest maxLag events are.
    Optional<Duration> horizon = span == Span.DURATION && (maxLag == 0 || gapMillis == 0)
        ? Optional.of(Duration.ofMillis(size).plusMillis(gapMillis))
        : Optional.empty();
    int depth = 0;
    if (gapMillis == 0) {
      depth = (int) Math.max(span == Span.ROWS ? size : 0, maxLag);
      if (span == Span.EXPANDING) {
        depth = 0;
      }
    }
    return List.of(new EventSource(History.ROWS, entity, time,
        List.of(new Schema.Field(value, ColumnType.NUMERIC, List.of())), horizon, depth));
  }

  /** The output column names, in order: {@code prefix_statistic_window[_gap]} and {@code prefix_lagK[_gap]}. */
  public List<String> outputColumns() {
    String window = switch (span) {
      case ROWS -> size + "rows";
      case DURATION -> durationLabel(size);
      case EXPANDING -> "all";
      case NONE -> "";
    };
    String gap = gapMillis == 0 ? "" : "_gap" + durationLabel(gapMillis);
    List<String> out = new ArrayList<>();
    for (Statistic s : statistics) {
      out.add(prefix + "_" + s.label() + (s.kind() == Kind.LAG ? "" : "_" + window) + gap);
    }
    return List.copyOf(out);
  }

  /** The largest k of the lags, 0 without lags. */
  int maxLag() {
    return (int) statistics.stream().filter(s -> s.kind() == Kind.LAG).mapToLong(Statistic::parameter).max().orElse(0);
  }

  /** Each row's statistics over the table's own earlier rows of its entity. */
  @Override
  public Table apply(Table table) {
    long[] times = times(table);
    String[] keys = keys(table);
    double[] values = Inputs.numbers(TAG, table, value);
    for (int r = 0; r < values.length; r++) {
      if (Double.isInfinite(values[r])) {
        throw new InvalidInputException(value, "window over '" + value + "' got " + values[r] + " at row " + r + " of column '"
            + value + "'; window statistics need finite values. Give NaN or null where the value is missing.");
      }
    }
    double[][] out = new WindowEngine(this).slide(times, keys, values);
    return append(table, out);
  }

  /** Each row's statistics over the events {@code history} holds before the row's cutoff. */
  @Override
  public Table apply(Table table, History history) {
    Objects.requireNonNull(history, "history is null; give the History the events were appended to");
    long[] times = times(table);
    String[] keys = keys(table);
    WindowEngine engine = new WindowEngine(this);
    double[][] out = new double[statistics.size()][table.rowCount()];
    double[] row = new double[statistics.size()];
    for (int r = 0; r < times.length; r++) {
      engine.fromHistory(history, keys == null ? null : keys[r], times[r], row);
      for (int s = 0; s < row.length; s++) {
        out[s][r] = row[s];
      }
    }
    return append(table, out);
  }

  /**
   * The row form: reads the entity and time slots, asks {@code row.history()} for the events
   * before the cutoff and binds one NUMERIC slot per statistic. Empty (the table path, which
   * reports it) when an input has the wrong type or an output name is taken.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    if (Inputs.typeAt(slots, time) != ColumnType.TIMESTAMP
        || entity.map(e -> Inputs.typeAt(slots, e) != ColumnType.CATEGORICAL).orElse(false)
        || outputColumns().stream().anyMatch(c -> Inputs.typeAt(slots, c) != null)) {
      return Optional.empty();
    }
    int timeSlot = slots.number(time);
    int keySlot = entity.map(slots::string).orElse(-1);
    int[] outSlots = outputColumns().stream().mapToInt(slots::newNumber).toArray();
    WindowEngine engine = new WindowEngine(this);
    return Optional.of(row -> {
      History history = row.history();
      if (history == null) {
        throw new IllegalStateException("the window over '" + value + "' reads each request's past from a History, and none is"
            + " attached to this row buffer; use predictor.withHistory(predictor.newHistory(Retention.unbounded())) or"
            + " RowBuffer.setHistory(history), and append the events to the history as they happen");
      }
      double t = row.number(timeSlot);
      if (Double.isNaN(t)) {
        throw missingTime(0);
      }
      String key = null;
      if (keySlot >= 0) {
        key = row.string(keySlot);
        if (key == null) {
          throw missingKey(0);
        }
      }
      double[] out = new double[outSlots.length];
      engine.fromHistory(history, key, (long) t, out);
      for (int s = 0; s < outSlots.length; s++) {
        row.setNumber(outSlots[s], out[s]);
      }
    });
  }

  /** The query for the events of a window ending at {@code cutoff}. */
  EventQuery windowQuery(String key, long cutoff) {
    long from = span == Span.DURATION ? saturatedMinus(cutoff, size) : Long.MIN_VALUE;
    int last = span == Span.ROWS ? (int) size : 0;
    return new EventQuery(History.ROWS, entity, Optional.ofNullable(key), time, from, cutoff, last);
  }

  /** The query for the latest {@code maxLag()} events before {@code cutoff}. */
  EventQuery lagQuery(String key, long cutoff) {
    return new EventQuery(History.ROWS, entity, Optional.ofNullable(key), time, Long.MIN_VALUE, cutoff, maxLag());
  }

  /** The first time a row's window excludes: its time minus the gap. */
  long cutoff(long t) {
    return saturatedMinus(t, gapMillis);
  }

  private long[] times(Table table) {
    long[] times = Inputs.timestamps(TAG, table, time);
    for (int r = 0; r < times.length; r++) {
      if (times[r] == Long.MIN_VALUE) {
        throw missingTime(r);
      }
    }
    return times;
  }

  private String[] keys(Table table) {
    if (entity.isEmpty()) {
      return null;
    }
    String[] keys = Inputs.strings(TAG, table, entity.get());
    for (int r = 0; r < keys.length; r++) {
      if (keys[r] == null) {
        throw missingKey(r);
      }
    }
    return keys;
  }

  private InvalidInputException missingTime(int row) {
    return new InvalidInputException(time, "window over '" + value + "' needs the time of every row, but column '" + time
        + "' is missing at row " + row + "; give each row the instant it happened, or drop the rows without one");
  }

  private InvalidInputException missingKey(int row) {
    String e = entity.orElseThrow();
    return new InvalidInputException(e, "window over '" + value + "' needs the entity of every row, but column '" + e
        + "' is missing at row " + row + "; give each row its entity, or drop the rows without one");
  }

  private Table append(Table table, double[][] out) {
    List<String> names = outputColumns();
    for (String name : names) {
      Inputs.requireFree(TAG, table, name, value);
    }
    Table result = table;
    for (int s = 0; s < out.length; s++) {
      result = result.withNumeric(names.get(s), out[s]);
    }
    return result;
  }

  static long saturatedMinus(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /** A duration in milliseconds as a short name: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 1500ms}. */
  static String durationLabel(long millis) {
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
