package org.mlengine.serving.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Schema;

/**
 * One source read by one key column and ordered by one time column, with the union of the value
 * columns its readers take: what {@code History.inMemory} calls an index, here shared by the
 * stores so that each reads and checks an event exactly as the in-memory history does (same
 * values, same messages).
 *
 * <pre>{@code
 * Stream calls = Stream.of(List.of(callsByCustomer), 0);
 * Entry e = calls.read(event);   // key, time and values, or an InvalidInputException
 * }</pre>
 */
final class Stream {
  final int id;
  final String name;
  final Optional<String> key;
  final String time;
  final List<Schema.Field> values;

  Stream(int id, String name, Optional<String> key, String time, List<Schema.Field> values) {
    this.id = id;
    this.name = name;
    this.key = key;
    this.time = time;
    this.values = List.copyOf(values);
  }

  /** The stream of readers that share a source, key and time: the union of their value columns. */
  static Stream of(List<EventSource> readers, int id) {
    EventSource source = readers.get(0);
    Map<String, Schema.Field> columns = new LinkedHashMap<>();
    for (EventSource reader : readers) {
      for (Schema.Field f : reader.values()) {
        if (f.name().equals(source.time()) || source.key().map(f.name()::equals).orElse(false)) {
          continue;
        }
        Schema.Field earlier = columns.putIfAbsent(f.name(), f);
        if (earlier != null && earlier.type() != f.type()) {
          throw new IllegalArgumentException("source '" + source.name() + "' column '" + f.name() + "' is read as " + earlier.type()
              + " and as " + f.type());
        }
      }
    }
    return new Stream(id, source.name(), source.key(), source.time(), List.copyOf(columns.values()));
  }

  /** One event of this stream as the stores keep it: the key ("" for a single series), the time, the values. */
  record Entry(Stream stream, String key, long time, Object[] values) {}

  /** What identifies the stream's layout: its source, key, time and value columns with their types. */
  String descriptor() {
    StringBuilder s = new StringBuilder(name).append('\u0000').append(key.map(k -> "=" + k).orElse("!")).append('\u0000').append(time);
    values.forEach(f -> s.append('\u0000').append(f.name()).append(':').append(f.type()));
    return s.toString();
  }

  boolean answers(EventQuery query) {
    return name.equals(query.source()) && key.equals(query.keyColumn()) && time.equals(query.timeColumn());
  }

  String describe() {
    return name + key.map(k -> " by " + k).orElse("") + " ordered by " + time + " with "
        + values.stream().map(f -> f.name() + " " + f.type()).toList();
  }

  /** The columns an event must carry: the key, the time and the value columns. */
  List<String> carried() {
    List<String> out = new ArrayList<>();
    key.ifPresent(out::add);
    out.add(time);
    values.forEach(f -> out.add(f.name()));
    return out;
  }

  /** Reads and checks the event's columns as the in-memory history does. */
  Entry read(Row event) {
    String k = key.map(column -> {
      String value = stringValue(event, column, ColumnType.CATEGORICAL);
      if (value == null) {
        throw new InvalidInputException(column, "event of source '" + name + "' has no value for its key column '" + column
            + "'; every event needs the key of the entity it belongs to");
      }
      return value;
    }).orElse("");
    long t = timeValue(event);
    Object[] row = new Object[values.size()];
    for (int c = 0; c < row.length; c++) {
      Schema.Field f = values.get(c);
      row[c] = f.type() == ColumnType.NUMERIC ? (Object) numberValue(event, f.name()) : stringValue(event, f.name(), f.type());
    }
    return new Entry(this, k, t, row);
  }

  private long timeValue(Row event) {
    requireColumn(event, time);
    if (event.isMissing(time)) {
      throw new InvalidInputException(time, "event of source '" + name + "' has no time in '" + time
          + "'; every event needs the instant it happened");
    }
    if (event.table().type(time) != ColumnType.TIMESTAMP) {
      throw new InvalidInputException(time, "event column '" + time + "' of source '" + name + "' is " + event.table().type(time)
          + "; the events are ordered by it, so give it as a TIMESTAMP (an Instant)");
    }
    return event.timestamp(time);
  }

  private double numberValue(Row event, String column) {
    requireColumn(event, column);
    if (event.isMissing(column)) {
      return Double.NaN;
    }
    ColumnType type = event.table().type(column);
    if (type != ColumnType.NUMERIC) {
      throw new InvalidInputException(column, "event column '" + column + "' of source '" + name + "' is " + type
          + "; the steps read it as NUMERIC, so give it as a number");
    }
    double v = event.numeric(column);
    if (Double.isInfinite(v)) {
      throw new InvalidInputException(column, "event column '" + column + "' of source '" + name + "' is " + v
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
      throw new InvalidInputException(column, "event column '" + column + "' of source '" + name + "' is " + type
          + "; the steps read it as " + expected + ", so give it as text");
    }
    return event.string(column);
  }

  private void requireColumn(Row event, String column) {
    if (!event.table().hasColumn(column)) {
      throw new InvalidInputException(column, "event of source '" + name + "' lacks column '" + column + "'; its events carry "
          + carried());
    }
  }
}
