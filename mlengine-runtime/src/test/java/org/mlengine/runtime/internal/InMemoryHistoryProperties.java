package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * The embedded history reads an event given as a map straight from the map; History's default
 * reads it from a one-row table of the map. Over random maps (numbers of every boxed type, NaN,
 * infinities, nulls, text, booleans, instants, dates, offset and zoned times, absent and extra
 * columns) both record the same events, and refuse the same events with the same exception,
 * column and message (but for the empty map, which the default refused for having no row); {@link InMemoryHistory#series} equals the columns of {@link
 * InMemoryHistory#events} for random queries.
 */
class InMemoryHistoryProperties {
  private static final long DAY = 86_400_000L;
  private static final List<EventSource> SOURCES = List.of(new EventSource("calls", Optional.of("Customer"), "At",
      List.of(new Schema.Field("Amount", ColumnType.NUMERIC, List.of()), new Schema.Field("Channel", ColumnType.CATEGORICAL,
          List.of())), Optional.of(java.time.Duration.ofDays(10)), 0));

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<Long> millis = Arbitraries.longs().between(0, 40 * DAY);
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, -0.0, 0.0),
        Arbitraries.doubles().between(-100, 100).map(d -> (Object) d),
        Arbitraries.integers().between(-5, 5).map(i -> (Object) i),
        Arbitraries.longs().between(-5, 5).map(l -> (Object) l),
        Arbitraries.floats().between(-5, 5).map(f -> (Object) f),
        Arbitraries.of("a", "b", "", "c d").map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        millis.map(m -> (Object) Instant.ofEpochMilli(m)),
        millis.map(m -> (Object) new Date(m)),
        millis.map(m -> (Object) OffsetDateTime.ofInstant(Instant.ofEpochMilli(m), ZoneOffset.ofHours(3))),
        millis.map(m -> (Object) Instant.ofEpochMilli(m).atZone(ZoneId.of("America/Chicago"))));
  }

  @Provide
  Arbitrary<List<Map<String, Object>>> events() {
    // Mostly well-formed events (key, instant, number, text), with each column now and then
    // absent or replaced by a value of any type, and now and then an extra column.
    Arbitrary<Object> any = values();
    Arbitrary<Map<String, Object>> event = Arbitraries.integers().between(0, 1 << 12).flatMap(mask -> {
      Arbitrary<Object> key = mask % 13 == 0 ? any : Arbitraries.of("c1", "c2", "c3").map(s -> (Object) s);
      Arbitrary<Object> at = mask % 11 == 0 ? any
          : Arbitraries.longs().between(0, 40).map(d -> (Object) Instant.ofEpochMilli(d * DAY));
      Arbitrary<Object> amount = mask % 7 == 0 ? any : Arbitraries.doubles().between(-10, 10).map(d -> (Object) d);
      Arbitrary<Object> channel = mask % 5 == 0 ? any : Arbitraries.of("web", "phone").map(s -> (Object) s);
      return net.jqwik.api.Combinators.combine(key, at, amount, channel, any).as((k, t, a, c, extra) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        if (mask % 17 != 1) {
          m.put("Customer", k);
        }
        if (mask % 19 != 1) {
          m.put("At", t);
        }
        if (mask % 23 != 1) {
          m.put("Amount", a);
        }
        if (mask % 29 != 1) {
          m.put("Channel", c);
        }
        if (mask % 3 == 0 && !(extra instanceof Double d && d.isInfinite())) {
          m.put("Extra", extra);
        }
        return m;
      });
    });
    return event.list().ofMinSize(1).ofMaxSize(40);
  }

  /** History's own default for maps: a one-row table of the map, appended as a row. */
  private static History throughTables(History inner) {
    return new History() {
      @Override
      public void append(String source, Row event) {
        inner.append(source, event);
      }

      @Override
      public Table events(EventQuery query) {
        return inner.events(query);
      }
    };
  }

  private static String outcome(Runnable append) {
    try {
      append.run();
      return "recorded";
    } catch (InvalidInputException e) {
      return "InvalidInputException " + e.column() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Property(tries = 400)
  void mapAppend_readsAsAOneRowTableWould(@ForAll("events") List<Map<String, Object>> events) {
    InMemoryHistory direct = new InMemoryHistory(Retention.of(java.time.Duration.ofDays(10), 2), SOURCES);
    InMemoryHistory viaTable = new InMemoryHistory(Retention.of(java.time.Duration.ofDays(10), 2), SOURCES);
    History defaultPath = throughTables(viaTable);
    for (Map<String, Object> event : events) {
      // An empty map makes a table of no rows, which the default refused with "row 0 is outside the
      // table's 0 rows"; the embedded history names the first column the event lacks instead.
      String expected = event.isEmpty()
          ? "InvalidInputException Customer: event of source 'calls' lacks column 'Customer'; its events carry [Customer, At,"
              + " Amount, Channel]"
          : outcome(() -> defaultPath.append("calls", event));
      assertEquals(expected, outcome(() -> direct.append("calls", event)), "event " + event);
      Statistics.label("outcome").collect(expected.startsWith("recorded") ? "recorded" : "refused");
    }
    for (String key : List.of("c1", "c2", "c3")) {
      for (long from : new long[] {Long.MIN_VALUE, 5 * DAY, 30 * DAY}) {
        for (int last : new int[] {0, 1, 3}) {
          EventQuery q = new EventQuery("calls", Optional.of("Customer"), Optional.of(key), "At", from, 35 * DAY, last);
          Table expected = viaTable.events(q);
          Table actual = direct.events(q);
          assertEquals(rows(expected), rows(actual), q.toString());
          InMemoryHistory.Series series = direct.series(q, "Amount");
          assertEquals(rows(expected.select("At", "Amount")), rows(table(series)), q + " (series)");
        }
      }
    }
  }

  private static Table table(InMemoryHistory.Series s) {
    return Table.builder().timestamp("At", java.util.Arrays.stream(s.times()).mapToObj(Instant::ofEpochMilli).toArray(Instant[]::new))
        .numeric("Amount", s.values()).build();
  }

  /** Each row's values, with numbers as their bits so that -0.0, 0.0 and NaN are told apart exactly. */
  private static List<List<Object>> rows(Table t) {
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (String c : t.columnNames()) {
        row.add(c);
        row.add(t.type(c));
        row.add(t.type(c) == ColumnType.NUMERIC ? (Object) Double.doubleToRawLongBits(t.numeric(c, r)) : t.value(c, r));
      }
      out.add(row);
    }
    return out;
  }
}
