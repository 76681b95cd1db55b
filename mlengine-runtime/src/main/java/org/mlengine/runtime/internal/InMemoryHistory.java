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
      appends.add(index.prepare(event));
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
          appends.add(index.prepare(events.row(r)));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(e.column(), "row " + r + " of the events: " + e.getMessage() + "; no row was recorded");
        }
      }
    }
    appends.forEach(Runnable::run);
  }

  @Override
  public Table events(EventQuery query) {
    for (Index index : bySource.getOrDefault(query.source(), List.of())) {
      if (index.source.key().equals(query.keyColumn()) && index.source.time().equals(query.timeColumn())) {
        return index.events(query);
      }
    }
    throw new IllegalArgumentException("this history keeps no source '" + query.source() + "'"
        + query.keyColumn().map(k -> " by " + k).orElse("") + " ordered by " + query.timeColumn() + "; it keeps "
        + bySource.values().stream().flatMap(List::stream).map(Index::describe).toList()
        + ". Make it with predictor.newHistory(...) so it keeps what the bundle's steps read.");
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
    Runnable prepare(Row event) {
      String key = source.key().map(k -> {
        String value = stringValue(event, k, ColumnType.CATEGORICAL);
        if (value == null) {
          throw new InvalidInputException(k, "event of source '" + source.name() + "' has no value for its key column '" + k
              + "'; every event needs the key of the entity it belongs to");
        }
        return value;
      }).orElse("");
      long time = timeValue(event);
      Object[] row = new Object[values.size()];
      for (int c = 0; c < row.length; c++) {
        Schema.Field f = values.get(c);
        row[c] = f.type() == ColumnType.NUMERIC ? (Object) numberValue(event, f.name()) : stringValue(event, f.name(), f.type());
      }
      return () -> logs.computeIfAbsent(key, k -> new Log(values.size())).add(time, row, retention);
    }

    Table events(EventQuery query) {
      Log log = logs.get(query.key().orElse(""));
      Object[][] columns;
      long[] times;
      if (log == null || (source.key().isPresent() && query.key().isEmpty())) {
        times = new long[0];
        columns = new Object[values.size()][0];
      } else {
        synchronized (log) {
          int hi = log.firstAtOrAfter(query.until());
          int lo = Math.max(log.firstAtOrAfter(query.from()), query.last() == 0 ? log.head : hi - query.last());
          lo = Math.min(lo, hi); // from after until: no events (not Arrays' bare "lo > hi")
          times = Arrays.copyOfRange(log.times, lo, hi);
          columns = new Object[values.size()][];
          for (int c = 0; c < columns.length; c++) {
            columns[c] = Arrays.copyOfRange(log.columns[c], lo, hi);
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
        Object[] col = columns[c];
        switch (f.type()) {
          case NUMERIC -> {
            double[] d = new double[col.length];
            for (int i = 0; i < d.length; i++) {
              d[i] = (Double) col[i];
            }
            b.numeric(f.name(), d);
          }
          case TEXT -> b.text(f.name(), Arrays.copyOf(col, col.length, String[].class));
          default -> b.categorical(f.name(), Arrays.copyOf(col, col.length, String[].class));
        }
      }
      return b.build();
    }

    private long timeValue(Row event) {
      String t = source.time();
      requireColumn(event, t);
      if (event.isMissing(t)) {
        throw new InvalidInputException(t, "event of source '" + source.name() + "' has no time in '" + t
            + "'; every event needs the instant it happened");
      }
      if (event.table().type(t) != ColumnType.TIMESTAMP) {
        throw new InvalidInputException(t, "event column '" + t + "' of source '" + source.name() + "' is " + event.table().type(t)
            + "; the events are ordered by it, so give it as a TIMESTAMP (an Instant)");
      }
      return event.timestamp(t);
    }

    private double numberValue(Row event, String column) {
      requireColumn(event, column);
      if (event.isMissing(column)) {
        return Double.NaN; // a missing value in a map arrives in a column of no particular type
      }
      ColumnType type = event.table().type(column);
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

    private String stringValue(Row event, String column, ColumnType expected) {
      requireColumn(event, column);
      if (event.isMissing(column)) {
        return null;
      }
      ColumnType type = event.table().type(column);
      if (type != ColumnType.CATEGORICAL && type != ColumnType.TEXT) {
        throw new InvalidInputException(column, "event column '" + column + "' of source '" + source.name() + "' is " + type
            + "; the steps read it as " + expected + ", so give it as text");
      }
      return event.string(column);
    }

    private void requireColumn(Row event, String column) {
      if (!event.table().hasColumn(column)) {
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

  /** One key's events in time order, in arrays whose live part is [head, size). */
  private static final class Log {
    long[] times = new long[8];
    Object[][] columns;
    int head;
    int size;
    long newest = Long.MIN_VALUE;

    Log(int width) {
      columns = new Object[width][8];
    }

    /**
     * Inserts an event after those at the same time, then drops the events that are both older
     * than the retention's age before this key's newest event and not among its latest ones.
     */
    synchronized void add(long time, Object[] row, Retention retention) {
      if (size == times.length) {
        compactOrGrow();
      }
      int at = firstAtOrAfter(time == Long.MAX_VALUE ? time : time + 1); // after events with the same time
      System.arraycopy(times, at, times, at + 1, size - at);
      times[at] = time;
      for (int c = 0; c < columns.length; c++) {
        System.arraycopy(columns[c], at, columns[c], at + 1, size - at);
        columns[c][at] = row[c];
      }
      size++;
      newest = Math.max(newest, time);
      long keepFrom = retention.maxAge().map(a -> saturatedMinus(newest, a)).orElse(Long.MIN_VALUE);
      while (size - head > retention.latestPerKey() && times[head] < keepFrom) {
        drop();
      }
    }

    private void drop() {
      for (Object[] column : columns) {
        column[head] = null;
      }
      head++;
    }

    private void compactOrGrow() {
      int live = size - head;
      int capacity = live * 2 < times.length ? times.length : times.length * 2;
      long[] t = new long[capacity];
      System.arraycopy(times, head, t, 0, live);
      times = t;
      for (int c = 0; c < columns.length; c++) {
        Object[] col = new Object[capacity];
        System.arraycopy(columns[c], head, col, 0, live);
        columns[c] = col;
      }
      head = 0;
      size = live;
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
