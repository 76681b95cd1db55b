package org.mlengine.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * Reads the body of {@code POST /v2/models/<name>/events/<source>}: one JSON object of column to
 * value, or a JSON array of them, into a table of the source's columns typed as its steps read
 * them (the key as text, the time as an ISO-8601 instant or epoch milliseconds, each value column
 * as its type). Every event must carry every column (null for a missing value); columns the steps
 * do not read are skipped. Anything else is refused here with a 400 naming the event and the
 * column; the history then checks what it checks in process (a null key or time). Thread-safe.
 *
 * <pre>{@code
 * EventCodec codec = EventCodec.forSource("rows", predictor.eventSources());
 * Table events = codec.read("[{\"date\":\"2016-08-27T00:00:00Z\",\"ridership\":8.3}]".getBytes(UTF_8));
 * }</pre>
 */
final class EventCodec {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private final String source;
  private final List<Schema.Field> columns;
  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final String example;

  private EventCodec(String source, List<Schema.Field> columns) {
    this.source = source;
    this.columns = List.copyOf(columns);
    for (int c = 0; c < columns.size(); c++) {
      index.put(columns.get(c).name(), c);
    }
    this.example = example(columns);
  }

  /** The codec of one source: the key, time and value columns of every step that reads it. */
  static EventCodec forSource(String source, List<EventSource> readers) {
    Map<String, Schema.Field> columns = new LinkedHashMap<>();
    for (EventSource s : readers) {
      if (s.name().equals(source)) {
        s.key().ifPresent(k -> columns.putIfAbsent(k, new Schema.Field(k, ColumnType.CATEGORICAL, List.of())));
        columns.putIfAbsent(s.time(), new Schema.Field(s.time(), ColumnType.TIMESTAMP, List.of()));
        s.values().forEach(f -> columns.putIfAbsent(f.name(), new Schema.Field(f.name(), f.type(), List.of())));
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no step reads source '" + source + "'");
    }
    return new EventCodec(source, new ArrayList<>(columns.values()));
  }

  /** The columns every event of this source carries, in order, typed as the steps read them. */
  List<Schema.Field> columns() {
    return columns;
  }

  /** Their names. */
  List<String> columnNames() {
    return columns.stream().map(Schema.Field::name).toList();
  }

  /**
   * The events a body holds, in order.
   *
   * @throws HttpError (400) when the body is not a JSON object or a non-empty array of them, an
   *     event lacks a column or gives one twice, or a value has the wrong type
   */
  Table read(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      List<Object[]> events = new ArrayList<>();
      if (first == JsonToken.START_OBJECT) {
        events.add(event(parser, -1));
      } else if (first == JsonToken.START_ARRAY) {
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          if (t != JsonToken.START_OBJECT) {
            throw new HttpError(400, "event " + events.size() + " of the batch is " + JsonCodec.kind(t) + "; send each event as a"
                + " JSON object of column -> value, e.g. " + example + ".");
          }
          events.add(event(parser, events.size()));
        }
        if (events.isEmpty()) {
          throw new HttpError(400, "the batch holds no event; send one JSON object of column -> value, or an array of them,"
              + " e.g. [" + example + "].");
        }
      } else {
        throw new HttpError(400, (first == null ? "the body is empty" : "the body is " + JsonCodec.kind(first)) + "; send one"
            + " event of source '" + source + "' as a JSON object of column -> value, e.g. " + example + ", or an array of them.");
      }
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new HttpError(400, "the body holds more than one JSON value (" + JsonCodec.kind(after) + " after the events); send"
            + " one JSON object, or one array of them.");
      }
      return table(events);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "the body is not valid JSON: " + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[")
          + ". Send one event of source '" + source + "' as a JSON object, e.g. " + example + ", or an array of them.");
    } catch (IOException e) {
      throw new UncheckedIOException("reading an events body held in memory", e);
    }
  }

  /** One event's values by column (the parser on its START_OBJECT); {@code number} is -1 for a body of one event. */
  private Object[] event(JsonParser parser, int number) throws IOException {
    String which = number < 0 ? "the event" : "event " + number + " of the batch";
    Object[] values = new Object[columns.size()];
    boolean[] seen = new boolean[columns.size()];
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      Integer c = index.get(name);
      if (c == null) {
        parser.skipChildren();
        continue;
      }
      if (seen[c]) {
        throw new HttpError(400, which + " gives column '" + name + "' twice; send each column once.");
      }
      seen[c] = true;
      values[c] = value(columns.get(c), token, parser, which);
    }
    for (int c = 0; c < seen.length; c++) {
      if (!seen[c]) {
        Schema.Field f = columns.get(c);
        throw new HttpError(400, which + " lacks column '" + f.name() + "' (" + f.type() + "); every event of source '" + source
            + "' carries " + columnNames() + " (null for a missing value), e.g. " + example + ".");
      }
    }
    return values;
  }

  private Object value(Schema.Field field, JsonToken token, JsonParser parser, String which) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    switch (field.type()) {
      case NUMERIC:
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
          return parser.getDoubleValue();
        }
        break;
      case CATEGORICAL:
      case TEXT:
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
          return parser.getText();
        }
        break;
      case TIMESTAMP:
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
          return instant(field, parser.getText(), which);
        }
        break;
      default:
        break;
    }
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
    throw new HttpError(400, "column '" + field.name() + "' of source '" + source + "' is " + field.type() + " but " + which
        + " gives " + JsonCodec.kind(token) + "; expected " + expected(field.type()) + ", or null for a missing value.");
  }

  private long instant(Schema.Field field, String text, String which) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException notZ) {
      try {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new HttpError(400, "column '" + field.name() + "' of source '" + source + "' is TIMESTAMP but " + which + " gives \""
            + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "\"; expected " + expected(ColumnType.TIMESTAMP)
            + ", or null for a missing value.");
      }
    }
  }

  private static String expected(ColumnType type) {
    return switch (type) {
      case NUMERIC -> "a number";
      case CATEGORICAL -> "text (or a whole number)";
      case TEXT -> "text";
      case TIMESTAMP -> "an ISO-8601 instant such as \"2024-03-01T12:00:00Z\" or epoch milliseconds";
      case VECTOR -> "a vector";
    };
  }

  private Table table(List<Object[]> events) {
    int n = events.size();
    Table.Builder table = Table.builder();
    for (int c = 0; c < columns.size(); c++) {
      Schema.Field f = columns.get(c);
      switch (f.type()) {
        case NUMERIC -> {
          double[] v = new double[n];
          for (int r = 0; r < n; r++) {
            v[r] = events.get(r)[c] == null ? Double.NaN : (double) events.get(r)[c];
          }
          table.numeric(f.name(), v);
        }
        case TIMESTAMP -> {
          Instant[] v = new Instant[n];
          for (int r = 0; r < n; r++) {
            v[r] = events.get(r)[c] == null ? null : Instant.ofEpochMilli((long) events.get(r)[c]);
          }
          table.timestamp(f.name(), v);
        }
        default -> {
          String[] v = new String[n];
          for (int r = 0; r < n; r++) {
            v[r] = (String) events.get(r)[c];
          }
          if (f.type() == ColumnType.TEXT) {
            table.text(f.name(), v);
          } else {
            table.categorical(f.name(), v);
          }
        }
      }
    }
    return table.build();
  }

  /** One event with every column, for the messages. */
  private static String example(List<Schema.Field> columns) {
    StringBuilder out = new StringBuilder("{");
    for (Schema.Field f : columns) {
      out.append(out.length() > 1 ? "," : "").append('"').append(f.name()).append("\":").append(switch (f.type()) {
        case NUMERIC -> "1.5";
        case CATEGORICAL, TEXT -> "\"a\"";
        case TIMESTAMP -> "\"2024-03-01T00:00:00Z\"";
        case VECTOR -> "null";
      });
    }
    return out.append('}').toString();
  }
}
