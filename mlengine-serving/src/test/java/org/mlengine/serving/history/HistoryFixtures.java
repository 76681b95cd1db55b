package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/** Sources, events and an exact table comparison shared by the stores' tests. */
final class HistoryFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private HistoryFixtures() {}

  static Schema.Field numeric(String name) {
    return new Schema.Field(name, ColumnType.NUMERIC, List.of());
  }

  static Schema.Field categorical(String name) {
    return new Schema.Field(name, ColumnType.CATEGORICAL, List.of());
  }

  static Schema.Field text(String name) {
    return new Schema.Field(name, ColumnType.TEXT, List.of());
  }

  /** Calls by customer, 10 days back: Minutes (numeric) and Kind (categorical). */
  static final EventSource CALLS = new EventSource("calls", Optional.of("Customer"), "At",
      List.of(numeric("Minutes"), categorical("Kind")), Optional.of(Duration.ofDays(10)), 0);
  /** The same source read by region too, with a text note: a second stream of one source. */
  static final EventSource CALLS_BY_REGION = new EventSource("calls", Optional.of("Region"), "At",
      List.of(numeric("Minutes"), text("Note")), Optional.of(Duration.ofDays(10)), 0);
  /** A single series (no key), the last 3 rows. */
  static final EventSource ROWS = new EventSource("rows", Optional.empty(), "Date", List.of(numeric("y")), Optional.empty(), 3);

  static final List<EventSource> SOURCES = List.of(CALLS, CALLS_BY_REGION, ROWS);

  static Map<String, Object> call(String customer, String region, long minutesAfterT0, double minutes, String kind, String note) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Customer", customer);
    m.put("Region", region);
    m.put("At", T0.plus(Duration.ofMinutes(minutesAfterT0)));
    m.put("Minutes", minutes);
    m.put("Kind", kind);
    m.put("Note", note);
    return m;
  }

  static Map<String, Object> row(long daysAfterT0, double y) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Date", T0.plus(Duration.ofDays(daysAfterT0)));
    m.put("y", y);
    return m;
  }

  static EventQuery byCustomer(String customer, long from, long until, int last) {
    return new EventQuery("calls", Optional.of("Customer"), Optional.ofNullable(customer), "At", from, until, last);
  }

  static EventQuery byCustomer(String customer) {
    return byCustomer(customer, Long.MIN_VALUE, Long.MAX_VALUE, 0);
  }

  static EventQuery byRegion(String region) {
    return new EventQuery("calls", Optional.of("Region"), Optional.ofNullable(region), "At", Long.MIN_VALUE, Long.MAX_VALUE, 0);
  }

  static EventQuery rows(long from, long until, int last) {
    return new EventQuery("rows", Optional.empty(), Optional.empty(), "Date", from, until, last);
  }

  static long at(long minutesAfterT0) {
    return T0.plus(Duration.ofMinutes(minutesAfterT0)).toEpochMilli();
  }

  /** Equal column names, types and every value, numbers by their raw bits. */
  static void assertSameTable(Table expected, Table actual, String what) {
    assertEquals(expected.columnNames(), actual.columnNames(), what + ": columns");
    assertEquals(expected.rowCount(), actual.rowCount(), () -> what + ": rows\nexpected " + expected + "\nactual " + actual);
    for (String c : expected.columnNames()) {
      assertEquals(expected.type(c), actual.type(c), what + ": type of " + c);
      for (int r = 0; r < expected.rowCount(); r++) {
        String where = what + ": " + c + " row " + r;
        switch (expected.type(c)) {
          case NUMERIC -> assertEquals(Double.doubleToRawLongBits(expected.numeric(c, r)),
              Double.doubleToRawLongBits(actual.numeric(c, r)), where);
          case TIMESTAMP -> assertEquals(expected.timestamp(c, r), actual.timestamp(c, r), where);
          default -> assertEquals(expected.string(c, r), actual.string(c, r), where);
        }
      }
    }
  }

  /** The values of one column, as text, for readable assertions. */
  static List<String> column(Table t, String name) {
    return java.util.stream.IntStream.range(0, t.rowCount()).mapToObj(r -> String.valueOf(t.value(name, r))).toList();
  }
}
