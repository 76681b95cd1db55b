package org.mlengine.runtime.internal;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link History}: per source and key, a time-ordered log of the columns steps read.
 *
 * <pre>{@code
 * History history = new InMemoryHistory(Retention.unbounded(), List.of(payments));
 * history.append("payments", Map.of("Customer", "c1", "PaidAt", Instant.now(), "Amount", 30.0));
 * Table past = history.events(query);
 * }</pre>
 */
public final class InMemoryHistory implements History {
  private final Retention retention;
  private final Map<String, List<Index>> bySource = new LinkedHashMap<>();

  public InMemoryHistory(Retention retention, Collection<EventSource> sources) {
    this.retention = java.util.Objects.requireNonNull(retention, "retention");
    List<String> problems = new ArrayList<>();
    Map<List<Object>, List<EventSource>> byStream = new LinkedHashMap<>();
    for (EventSource s : sources) {
      retention.shortfall(s).ifPresent(problems::add);
      byStream.computeIfAbsent(List.of(s.name(), s.key(), s.time()), k -> new ArrayList<>()).add(s);
    }
    checkArgument(problems.isEmpty(), "this retention would drop events the steps read, so served values would differ from"
        + " trained ones:\n- %s\nKeep events longer (Retention.of(...)) or use Retention.unbounded()", String.join("\n- ", problems));
    for (List<EventSource> stream : byStream.values()) {
      bySource.computeIfAbsent(stream.get(0).name(), n -> new ArrayList<>()).add(new Index(stream));
    }
  }

  @Override
  public void append(String source, Row event) {
    java.util.Objects.requireNonNull(event, "event");
    List<Index> indexes = bySource.get(source);
    checkArgument(indexes != null, "no step reads events of source '%s'; the sources are %s", source, bySource.keySet());
    // Read the event for every index first, so a refused event is recorded nowhere.
    List<Runnable> appends = new ArrayList<>(indexes.size());
    for (Index index : indexes) {
      appends.add(index.prepare(new RowEvent(event)));
    }
    appends.forEach(Runnable::run);
  }

  /**
   * Reads the event's carried columns straight from the map, as {@link History#append(String,
   * Map)} would read them from a one-row table of the whole map, without building that table
   * (further columns are ignored, as the contract says).
   */
  @Override
  public void append(String source, Map<String, ?> event) {
    java.util.Objects.requireNonNull(event, "event");
    List<Index> indexes = bySource.get(source);
    checkArgument(indexes != null, "no step reads events of source '%s'; the sources are %s", source, bySource.keySet());
    Event read = new MapEvent(event);
    if (indexes.size() == 1) {
      indexes.get(0).prepare(read).run();
      return;
    }
    List<Runnable> appends = new ArrayList<>(indexes.size());
    for (Index index : indexes) {
      appends.add(index.prepare(read));
    }
    appends.forEach(Runnable::run);
  }

  /** Checks every row first, so a table with a refused row records none of its rows. */
  @Override
  public void appendAll(String source, Table events) {
    List<Index> indexes = bySource.get(source);
    checkArgument(indexes != null, "no step reads events of source '%s'; the sources are %s", source, bySource.keySet());
    List<Runnable> appends = new ArrayList<>(events.rowCount() * indexes.size());
    for (int r = 0; r < events.rowCount(); r++) {
      for (Index index : indexes) {
        try {
          appends.add(index.prepare(new RowEvent(events.row(r))));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(e.column(), "row " + r + " of the events: " + e.getMessage() + "; no row was recorded");
        }
      }
    }
    appends.forEach(Runnable::run);
  }

  @Override
  public Table events(EventQuery query) {
    return indexFor(query).events(query);
  }

  /**
   * The times and values of one NUMERIC column of the events a query selects, as {@link
   * #events} would give them, without building a table: what a window step reads. Null when this
   * history does not keep that column as NUMERIC for the query's source (ask {@link #events}, which
   * says what is wrong).
   *
   * @throws IllegalArgumentException as {@link #events} when this history keeps no such source
   */
  public Series series(EventQuery query, String column) {
    Index index = indexFor(query);
    for (int c = 0; c < index.values.size(); c++) {
      Schema.Field f = index.values.get(c);
      if (f.name().equals(column)) {
        return f.type() == ColumnType.NUMERIC ? index.series(query, c) : null;
      }
    }
    return null;
  }

  /**
   * The times (epoch milliseconds) and values of one NUMERIC column of selected events, oldest
   * first; the arrays are the caller's.
   *
   * <pre>{@code
   * InMemoryHistory.Series s = history.series(query, "ridership");
   * double latest = s.values()[s.values().length - 1];
   * }</pre>
   *
   * @param times the events' times
   * @param values the column's values, NaN where missing
   */
  public record Series(long[] times, double[] values) {
  }

  private Index indexFor(EventQuery query) {
    for (Index index : bySource.getOrDefault(query.source(), List.of())) {
      if (index.source.key().equals(query.keyColumn()) && index.source.time().equals(query.timeColumn())) {
        return index;
      }
    }
    throw new IllegalArgumentException("this history keeps no source '" + query.source() + "'"
        + query.keyColumn().map(k -> " by " + k).orElse("") + " ordered by " + query.timeColumn() + "; it keeps "
        + bySource.values().stream().flatMap(List::stream).map(Index::describe).toList()
        + ". Make it with predictor.newHistory(...) so it keeps what the bundle's steps read.");
  }

  /** One event's columns as an index reads them: from a table row, or from a map as a one-row table of it would hold them. */
  private interface Event {
    boolean has(String column);

    boolean isMissing(String column);

    /** The type of a present, non-missing value. */
    ColumnType type(String column);

    double numeric(String column);

    String string(String column);

    long timestamp(String column);
  }

  /** An event given as a table row. */
  private record RowEvent(Row row) implements Event {
    @Override
    public boolean has(String column) {
      return row.table().hasColumn(column);
    }

    @Override
    public boolean isMissing(String column) {
      return row.isMissing(column);
    }

    @Override
    public ColumnType type(String column) {
      return row.table().type(column);
    }

    @Override
    public double numeric(String column) {
      return row.numeric(column);
    }

    @Override
    public String string(String column) {
      return row.string(column);
    }

    @Override
    public long timestamp(String column) {
      return row.timestamp(column);
    }
  }

  /**
   * An event given as a map, read as {@code Table.fromRows(List.of(map)).row(0)} reads it (after
   * {@link History#append(String, Map)} turns offset and zoned times into instants): numbers
   * NUMERIC, instants and dates TIMESTAMP, anything else CATEGORICAL by {@code toString()};
   * null and NaN missing.
   */
  private record MapEvent(Map<String, ?> map) implements Event {
    private Object value(String column) {
      Object v = map.get(column);
      return v instanceof java.time.OffsetDateTime o ? o.toInstant() : v instanceof java.time.ZonedDateTime z ? z.toInstant() : v;
    }

    @Override
    public boolean has(String column) {
      return map.containsKey(column);
    }

    @Override
    public boolean isMissing(String column) {
      Object v = value(column);
      return v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN())
          || ((v instanceof java.time.Instant || v instanceof java.util.Date) && timestamp(column) == Column.MISSING_TIME);
    }

    @Override
    public ColumnType type(String column) {
      Object v = value(column);
      return v instanceof Number ? ColumnType.NUMERIC
          : v instanceof java.time.Instant || v instanceof java.util.Date ? ColumnType.TIMESTAMP : ColumnType.CATEGORICAL;
    }

    @Override
    public double numeric(String column) {
      return ((Number) value(column)).doubleValue();
    }

    @Override
    public String string(String column) {
      return value(column).toString();
    }

    @Override
    public long timestamp(String column) {
      Object v = value(column);
      return (v instanceof java.util.Date d ? d.toInstant() : (java.time.Instant) v).toEpochMilli();
    }
  }

  /** One source read by one key column: a log per key value. */
  private final class Index {
    final EventSource source;
    final List<Schema.Field> values;
    final Map<String, Log> logs = new ConcurrentHashMap<>();

    /** An index over the streams several steps read with the same source, key and time: the union of their columns. */
    Index(List<EventSource> readers) {
      this.source = readers.get(0);
      Map<String, Schema.Field> columns = new LinkedHashMap<>();
      for (EventSource reader : readers) {
        for (Schema.Field f : reader.values()) {
          if (f.name().equals(source.time()) || source.key().map(f.name()::equals).orElse(false)) {
            continue;
          }
          Schema.Field earlier = columns.putIfAbsent(f.name(), f);
          checkArgument(earlier == null || earlier.type() == f.type(), "source '%s' column '%s' is read as %s and as %s",
              source.name(), f.name(), earlier == null ? null : earlier.type(), f.type());
        }
      }
      this.values = List.copyOf(columns.values());
    }

    String describe() {
      return source.name() + source.key().map(k -> " by " + k).orElse("") + " ordered by " + source.time() + " with "
          + values.stream().map(f -> f.name() + " " + f.type()).toList();
    }

    /** The columns an event must carry: the key, the time and the value columns. */
    List<String> carried() {
      List<String> out = new ArrayList<>();
      source.key().ifPresent(out::add);
      out.add(source.time());
      values.forEach(f -> out.add(f.name()));
      return out;
    }

    /** Reads and checks the event's columns, and returns the action that records it. */
    Runnable prepare(Event event) {
      String key = source.key().map(k -> {
        String value = stringValue(event, k, ColumnType.CATEGORICAL);
        if (value == null) {
          throw new InvalidInputException(k, "event of source '" + source.name() + "' has no value for its key column '" + k
              + "'; every event needs the key of the entity it belongs to");
        }
        return value;
      }).orElse("");
      long time = timeValue(event);
      double[] numbers = new double[values.size()];
      String[] strings = new String[values.size()];
      for (int c = 0; c < numbers.length; c++) {
        Schema.Field f = values.get(c);
        if (f.type() == ColumnType.NUMERIC) {
          numbers[c] = numberValue(event, f.name());
        } else {
          strings[c] = stringValue(event, f.name(), f.type());
        }
      }
      return () -> logs.computeIfAbsent(key, k -> new Log(values)).add(time, numbers, strings, retention);
    }

    /** The log a query reads, or null when it reads none (no events of that key, or no key for a keyed source). */
    private Log logFor(EventQuery query) {
      Log log = logs.get(query.key().orElse(""));
      return log == null || (source.key().isPresent() && query.key().isEmpty()) ? null : log;
    }

    /** The times and values of the NUMERIC value column at {@code c} the query selects, copied. */
    Series series(EventQuery query, int c) {
      Log log = logFor(query);
      if (log == null) {
        return new Series(new long[0], new double[0]);
      }
      synchronized (log) {
        int hi = log.firstAtOrAfter(query.until());
        int lo = log.from(query, hi);
        return new Series(Arrays.copyOfRange(log.times, lo, hi), Arrays.copyOfRange(log.numbers[c], lo, hi));
      }
    }

    Table events(EventQuery query) {
      Log log = logFor(query);
      Object[] columns = new Object[values.size()];
      long[] times;
      if (log == null) {
        times = new long[0];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = values.get(c).type() == ColumnType.NUMERIC ? new double[0] : new String[0];
        }
      } else {
        synchronized (log) {
          int hi = log.firstAtOrAfter(query.until());
          int lo = log.from(query, hi);
          times = Arrays.copyOfRange(log.times, lo, hi);
          for (int c = 0; c < columns.length; c++) {
            columns[c] = log.numbers[c] != null ? Arrays.copyOfRange(log.numbers[c], lo, hi)
                : Arrays.copyOfRange(log.strings[c], lo, hi);
          }
        }
      }
      Table.Builder b = Table.builder();
      source.key().ifPresent(k -> {
        String[] keys = new String[times.length];
        Arrays.fill(keys, query.key().orElse(null));
        b.categorical(k, keys);
      });
      RuntimeAccess.tables().add(b, new Column.Timestamp(source.time(), times));
      for (int c = 0; c < values.size(); c++) {
        Schema.Field f = values.get(c);
        switch (f.type()) {
          case NUMERIC -> b.numeric(f.name(), (double[]) columns[c]);
          case TEXT -> b.text(f.name(), (String[]) columns[c]);
          default -> b.categorical(f.name(), (String[]) columns[c]);
        }
      }
      return b.build();
    }

    private long timeValue(Event event) {
      String t = source.time();
      requireColumn(event, t);
      if (event.isMissing(t)) {
        throw new InvalidInputException(t, "event of source '" + source.name() + "' has no time in '" + t
            + "'; every event needs the instant it happened");
      }
      if (event.type(t) != ColumnType.TIMESTAMP) {
        throw new InvalidInputException(t, "event column '" + t + "' of source '" + source.name() + "' is " + event.type(t)
            + "; the events are ordered by it, so give it as a TIMESTAMP (an Instant)");
      }
      return event.timestamp(t);
    }

    private double numberValue(Event event, String column) {
      requireColumn(event, column);
      if (event.isMissing(column)) {
        return Double.NaN; // a missing value in a map arrives in a column of no particular type
      }
      ColumnType type = event.type(column);
      if (type != ColumnType.NUMERIC) {
        throw new InvalidInputException(column, "event column '" + column + "' of source '" + source.name() + "' is " + type
            + "; the steps read it as NUMERIC, so give it as a number");
      }
      double v = event.numeric(column);
      if (Double.isInfinite(v)) {
        throw new InvalidInputException(column, "event column '" + column + "' of source '" + source.name() + "' is " + v
            + "; give a finite number, or NaN/null for a missing value");
      }
      return v;
    }

    private String stringValue(Event event, String column, ColumnType expected) {
      requireColumn(event, column);
      if (event.isMissing(column)) {
        return null;
      }
      ColumnType type = event.type(column);
      if (type != ColumnType.CATEGORICAL && type != ColumnType.TEXT) {
        throw new InvalidInputException(column, "event column '" + column + "' of source '" + source.name() + "' is " + type
            + "; the steps read it as " + expected + ", so give it as text");
      }
      return event.string(column);
    }

    private void requireColumn(Event event, String column) {
      if (!event.has(column)) {
        throw new InvalidInputException(column, "event of source '" + source.name() + "' lacks column '" + column
            + "'; its events carry " + carried());
      }
    }
  }

  private static long saturatedMinus(long time, Duration age) {
    long millis;
    try {
      millis = age.toMillis();
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE;
    }
    long r = time - millis;
    return ((time ^ millis) & (time ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  /** One key's events in time order, in arrays whose live part is [head, size): NUMERIC columns as doubles, the others as strings. */
  private static final class Log {
    long[] times = new long[8];
    final double[][] numbers;
    final String[][] strings;
    int head;
    int size;
    long newest = Long.MIN_VALUE;

    Log(List<Schema.Field> values) {
      numbers = new double[values.size()][];
      strings = new String[values.size()][];
      for (int c = 0; c < numbers.length; c++) {
        if (values.get(c).type() == ColumnType.NUMERIC) {
          numbers[c] = new double[8];
        } else {
          strings[c] = new String[8];
        }
      }
    }

    /**
     * Inserts an event after those at the same time, then drops the events that are both older
     * than the retention's age before this key's newest event and not among its latest ones.
     */
    synchronized void add(long time, double[] rowNumbers, String[] rowStrings, Retention retention) {
      if (size == times.length) {
        compactOrGrow();
      }
      int at = firstAtOrAfter(time == Long.MAX_VALUE ? time : time + 1); // after events with the same time
      System.arraycopy(times, at, times, at + 1, size - at);
      times[at] = time;
      for (int c = 0; c < numbers.length; c++) {
        if (numbers[c] != null) {
          System.arraycopy(numbers[c], at, numbers[c], at + 1, size - at);
          numbers[c][at] = rowNumbers[c];
        } else {
          System.arraycopy(strings[c], at, strings[c], at + 1, size - at);
          strings[c][at] = rowStrings[c];
        }
      }
      size++;
      newest = Math.max(newest, time);
      long keepFrom = retention.maxAge().map(a -> saturatedMinus(newest, a)).orElse(Long.MIN_VALUE);
      while (size - head > retention.latestPerKey() && times[head] < keepFrom) {
        drop();
      }
    }

    private void drop() {
      for (String[] column : strings) {
        if (column != null) {
          column[head] = null;
        }
      }
      head++;
    }

    private void compactOrGrow() {
      int live = size - head;
      int capacity = live * 2 < times.length ? times.length : times.length * 2;
      long[] t = new long[capacity];
      System.arraycopy(times, head, t, 0, live);
      times = t;
      for (int c = 0; c < numbers.length; c++) {
        if (numbers[c] != null) {
          double[] col = new double[capacity];
          System.arraycopy(numbers[c], head, col, 0, live);
          numbers[c] = col;
        } else {
          String[] col = new String[capacity];
          System.arraycopy(strings[c], head, col, 0, live);
          strings[c] = col;
        }
      }
      head = 0;
      size = live;
    }

    /** The first live position a query reads, given the first position it excludes ({@code hi}); never after {@code hi}. */
    int from(EventQuery query, int hi) {
      int lo = Math.max(firstAtOrAfter(query.from()), query.last() == 0 ? head : hi - query.last());
      lo = Math.min(lo, hi);
      return lo;
    }

    /** The position of the first live event at or after {@code time}. */
    int firstAtOrAfter(long time) {
      int lo = head;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (times[mid] < time) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
