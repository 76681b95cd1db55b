package org.mlengine.core;

import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final EventSource CALLS = new EventSource("calls", Optional.of("Customer"), "At",
      List.of(new Schema.Field("Minutes", ColumnType.NUMERIC, List.of()), new Schema.Field("Kind", ColumnType.CATEGORICAL, List.of())),
      Optional.of(Duration.ofDays(30)), 0);

  private static Map<String, Object> call(String customer, int day, double minutes, String kind) {
    Map<String, Object> m = new HashMap<>();
    m.put("Customer", customer);
    m.put("At", T0.plus(Duration.ofDays(day)));
    m.put("Minutes", minutes);
    m.put("Kind", kind);
    return m;
  }

  private static EventQuery query(String customer, long from, int untilDay, int last) {
    return new EventQuery("calls", Optional.of("Customer"), Optional.of(customer), "At", from,
        T0.plus(Duration.ofDays(untilDay)).toEpochMilli(), last);
  }

  private static long day(int d) {
    return T0.plus(Duration.ofDays(d)).toEpochMilli();
  }

  @Test
  void events_appendedOutOfOrder_comeBackInTimeOrderWithTiesInAppendOrder() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    h.append("calls", call("a", 3, 30, "x"));
    h.append("calls", call("a", 1, 10, "x"));
    h.append("calls", call("a", 3, 31, "y"));
    h.append("calls", call("b", 2, 99, "z"));
    h.append("calls", call("a", 2, 20, "y"));

    Table events = h.events(query("a", Long.MIN_VALUE, 10, 0));

    assertArrayEquals(new double[] {10, 20, 30, 31}, events.numericColumn("Minutes"));
    assertArrayEquals(new String[] {"x", "y", "x", "y"}, events.stringColumn("Kind"));
    assertArrayEquals(new long[] {day(1), day(2), day(3), day(3)}, events.timestampColumn("At"));
    assertEquals(List.of("Customer", "At", "Minutes", "Kind"), events.columnNames());
  }

  @Test
  void events_boundsAreFromInclusiveUntilExclusive_andLastTakesTheLatest() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    for (int d = 0; d < 10; d++) {
      h.append("calls", call("a", d, d, "x"));
    }
    assertArrayEquals(new double[] {2, 3, 4}, h.events(query("a", day(2), 5, 0)).numericColumn("Minutes"));
    assertArrayEquals(new double[] {3, 4}, h.events(query("a", Long.MIN_VALUE, 5, 2)).numericColumn("Minutes"));
    assertArrayEquals(new double[] {4}, h.events(query("a", day(4), 5, 3)).numericColumn("Minutes"));
    assertEquals(0, h.events(query("a", Long.MIN_VALUE, 0, 0)).rowCount());
    assertEquals(0, h.events(query("nobody", Long.MIN_VALUE, 10, 0)).rowCount());
  }

  @Test
  void retention_dropsEventsOlderThanMaxAgeBeforeTheNewest_butKeepsEachKeysLatest() {
    History byAge = History.inMemory(Retention.of(Duration.ofDays(30)), List.of(CALLS));
    for (int d = 0; d < 100; d++) {
      byAge.append("calls", call("a", d, d, "x"));
    }
    double[] kept = byAge.events(query("a", Long.MIN_VALUE, 1000, 0)).numericColumn("Minutes");
    assertEquals(31, kept.length); // days 69..99: no older than 30 days before day 99
    assertEquals(69, kept[0]);

    EventSource lastFive = new EventSource("calls", Optional.of("Customer"), "At", CALLS.values(), Optional.empty(), 5);
    History byCount = History.inMemory(Retention.of(Duration.ofDays(30), 5), List.of(lastFive, CALLS));
    for (int d = 0; d < 100; d++) {
      byCount.append("calls", call("a", d, d, "x"));
    }
    byCount.append("calls", call("b", 0, -0.5, "x"));
    byCount.append("calls", call("b", 200, -200, "x")); // day 0 is far older than 30 days, but one of b's latest 5
    assertArrayEquals(new double[] {-0.5, -200}, byCount.events(query("b", Long.MIN_VALUE, 1000, 0)).numericColumn("Minutes"));
    for (int d = 201; d < 206; d++) {
      byCount.append("calls", call("b", d, -d, "x"));
    }
    assertArrayEquals(new double[] {-200, -201, -202, -203, -204, -205},
        byCount.events(query("b", Long.MIN_VALUE, 1000, 0)).numericColumn("Minutes"), "within 30 days of b's newest, or among its latest 5");
    assertEquals(31, byCount.events(query("a", Long.MIN_VALUE, 1000, 0)).rowCount(), "b's later days do not age a's events");
    byCount.append("calls", call("a", 100, 100, "x"));
    assertEquals(31, byCount.events(query("a", Long.MIN_VALUE, 1000, 0)).rowCount(), "a's age counts from a's newest event only");
  }

  @Test
  void inMemory_retentionShorterThanAStepReads_isRefusedNamingTheSource() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> History.inMemory(Retention.of(Duration.ofDays(7)), List.of(CALLS)));
    assertEquals("this retention would drop events the steps read, so served values would differ from trained ones:\n"
        + "- source 'calls' by Customer is read PT720H back, but the history keeps events for PT168H\n"
        + "Keep events longer (Retention.of(...)) or use Retention.unbounded()", e.getMessage());

    EventSource lastThree = new EventSource("rows", Optional.empty(), "date", List.of(), Optional.empty(), 3);
    EventSource expanding = new EventSource("rows", Optional.empty(), "date", List.of(), Optional.empty(), 0);
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> History.inMemory(Retention.of(Duration.ofDays(365), 2), List.of(lastThree, expanding)));
    assertEquals("this retention would drop events the steps read, so served values would differ from trained ones:\n"
        + "- source 'rows' is read 3 events deep, but the history keeps the latest 2 per key\n"
        + "- source 'rows' is read without a limit (an expanding window, or a gap before a window of"
        + " rows or a lag), but the history keeps events for PT8760H\n"
        + "Keep events longer (Retention.of(...)) or use Retention.unbounded()", count.getMessage());
  }

  @Test
  void inMemory_sourceWithAHorizonAndADepth_needsBoth() {
    EventSource weekAndLags = new EventSource("rows", Optional.empty(), "date", List.of(), Optional.of(Duration.ofDays(7)), 3);
    History.inMemory(Retention.of(Duration.ofDays(7), 3), List.of(weekAndLags));
    assertEquals("this retention would drop events the steps read, so served values would differ from trained ones:\n"
        + "- source 'rows' is read PT144H back, but the history keeps events for PT120H\n"
        + "- source 'rows' is read 3 events deep, but the history keeps the latest 2 per key\n"
        + "Keep events longer (Retention.of(...)) or use Retention.unbounded()",
        assertThrows(IllegalArgumentException.class, () -> History.inMemory(Retention.of(Duration.ofDays(5), 2),
            List.of(new EventSource("rows", Optional.empty(), "date", List.of(), Optional.of(Duration.ofDays(6)), 3)))).getMessage());
  }

  @Test
  void sources_readTwiceWithTheSameKey_areMergedToTheLongerLookBack() {
    EventSource shortWindow = new EventSource("calls", Optional.of("Customer"), "At", List.of(new Schema.Field("Minutes", ColumnType.NUMERIC, List.of())),
        Optional.of(Duration.ofDays(7)), 0);
    History h = History.inMemory(Retention.of(Duration.ofDays(30), 0), List.of(shortWindow, CALLS));
    h.append("calls", call("a", 1, 5, "x"));
    assertEquals(List.of("Customer", "At", "Minutes", "Kind"), h.events(query("a", Long.MIN_VALUE, 5, 0)).columnNames());
  }

  @Test
  void append_badEvents_areRefusedNamingTheColumn() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    Map<String, Object> noKey = call("a", 1, 5, "x");
    noKey.put("Customer", null);
    Map<String, Object> noTime = call("a", 1, 5, "x");
    noTime.put("At", null);
    Map<String, Object> lacking = call("a", 1, 5, "x");
    lacking.remove("Minutes");
    Map<String, Object> wordy = call("a", 1, 5, "x");
    wordy.put("Minutes", "five");

    assertEquals("event of source 'calls' has no value for its key column 'Customer'; every event needs the key of the entity"
        + " it belongs to", assertThrows(InvalidInputException.class, () -> h.append("calls", noKey)).getMessage());
    assertEquals("event of source 'calls' lacks column 'At'; its events carry [Customer, At, Minutes, Kind]",
        assertThrows(InvalidInputException.class, () -> h.append("calls", Table.builder().categorical("Customer", "a").build().row(0)))
            .getMessage());
    assertEquals("At", assertThrows(InvalidInputException.class, () -> h.append("calls", noTime)).column());
    assertEquals("event of source 'calls' lacks column 'Minutes'; its events carry [Customer, At, Minutes, Kind]",
        assertThrows(InvalidInputException.class, () -> h.append("calls", lacking)).getMessage());
    assertEquals("event column 'Minutes' of source 'calls' is CATEGORICAL; the steps read it as NUMERIC, so give it as a number",
        assertThrows(InvalidInputException.class, () -> h.append("calls", wordy)).getMessage());
    assertEquals("event column 'Minutes' of source 'calls' is Infinity; give a finite number, or NaN/null for a missing value",
        assertThrows(InvalidInputException.class, () -> h.append("calls", call("a", 1, Double.POSITIVE_INFINITY, "x"))).getMessage());
    assertEquals("no step reads events of source 'visits'; the sources are [calls]",
        assertThrows(IllegalArgumentException.class, () -> h.append("visits", call("a", 1, 5, "x"))).getMessage());
    assertEquals(0, h.events(query("a", Long.MIN_VALUE, 100, 0)).rowCount(), "a refused event leaves nothing behind");
  }

  @Test
  void append_eventRefusedByOneOfTheSourcesReaders_isRecordedForNone() {
    EventSource byKind = new EventSource("calls", Optional.of("Kind"), "At", List.of(new Schema.Field("Minutes", ColumnType.NUMERIC, List.of())),
        Optional.empty(), 0);
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS, byKind));
    Map<String, Object> noKind = call("a", 1, 5, "x");
    noKind.put("Kind", null);

    assertThrows(InvalidInputException.class, () -> h.append("calls", noKind));

    assertEquals(0, h.events(query("a", Long.MIN_VALUE, 100, 0)).rowCount(), "the Customer index took nothing either");
  }

  @Test
  void append_mapWithAnOffsetOrZonedTime_takesItsInstant() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    Map<String, Object> offset = call("a", 0, 1, "x");
    offset.put("At", java.time.OffsetDateTime.parse("2024-01-02T01:00:00+01:00"));
    Map<String, Object> zoned = call("a", 0, 2, "x");
    zoned.put("At", java.time.ZonedDateTime.parse("2024-01-03T00:00:00Z[UTC]"));
    h.append("calls", offset);
    h.append("calls", zoned);
    assertArrayEquals(new long[] {day(1), day(2)}, h.events(query("a", Long.MIN_VALUE, 10, 0)).timestampColumn("At"));
  }

  @Test
  void appendAll_tableWithARefusedRow_recordsNoneAndNamesTheRow() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    Table calls = Table.builder().categorical("Customer", "a", null).timestamp("At", T0, T0)
        .numeric("Minutes", 1, 2).categorical("Kind", "x", "y").build();

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> h.appendAll("calls", calls));

    assertEquals("row 1 of the events: event of source 'calls' has no value for its key column 'Customer'; every event needs the"
        + " key of the entity it belongs to; no row was recorded", e.getMessage());
    assertEquals(0, h.events(query("a", Long.MIN_VALUE, 100, 0)).rowCount());
  }

  @Test
  void events_ofASourceTheHistoryDoesNotKeep_nameWhatItKeeps() {
    History h = History.inMemory(Retention.unbounded(), List.of(CALLS));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.events(new EventQuery("calls", Optional.of("Phone"), Optional.of("1"), "At", Long.MIN_VALUE, 0, 0)));
    assertEquals("this history keeps no source 'calls' by Phone ordered by At; it keeps [calls by Customer ordered by At"
        + " with [Minutes NUMERIC, Kind CATEGORICAL]]. Make it with predictor.newHistory(...) so it keeps what the"
        + " bundle's steps read.", e.getMessage());
  }
}
