package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.serving.history.HistoryFixtures.SOURCES;
import static org.mlengine.serving.history.HistoryFixtures.assertSameTable;
import static org.mlengine.serving.history.HistoryFixtures.at;
import static org.mlengine.serving.history.HistoryFixtures.byCustomer;
import static org.mlengine.serving.history.HistoryFixtures.byRegion;
import static org.mlengine.serving.history.HistoryFixtures.call;
import static org.mlengine.serving.history.HistoryFixtures.column;
import static org.mlengine.serving.history.HistoryFixtures.row;
import static org.mlengine.serving.history.HistoryFixtures.rows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * The contract of a {@link History}, whatever keeps it: each store's test extends this class and
 * says how to open an empty history and how to open it again (a restart). Every test appends the
 * same events to the store and to {@code History.inMemory}, and every answer must equal the
 * in-memory one bit for bit, before and after the store is opened again, as well as the values
 * written down here.
 */
abstract class HistoryContract {
  static final Retention KEEP = Retention.of(Duration.ofDays(10), 3);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private History store;
  private History memory;
  private Retention retention;
  private List<EventSource> sources;

  /** An empty history of these sources; each call within a test opens the same underlying store. */
  protected abstract History open(Retention retention, List<EventSource> sources) throws Exception;

  /** A new, empty store for the next {@link #open} calls of this test. */
  protected abstract void fresh() throws Exception;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private void start(Retention retention, List<EventSource> sources) throws Exception {
    fresh();
    this.retention = retention;
    this.sources = sources;
    store = track(open(retention, sources));
    memory = History.inMemory(retention, sources);
  }

  private History track(History h) {
    if (h instanceof AutoCloseable c) {
      opened.add(c);
    }
    return h;
  }

  /** Closes the store and opens it again, as a restarted service does. */
  private void restart() throws Exception {
    if (store instanceof AutoCloseable c) {
      c.close();
      opened.remove(c);
    }
    store = track(open(retention, sources));
  }

  private void append(String source, Map<String, Object> event) {
    memory.append(source, event);
    store.append(source, event);
  }

  /** The store's answer, checked against the in-memory history's. */
  private Table events(EventQuery q) {
    Table expected = memory.events(q);
    Table actual = store.events(q);
    assertSameTable(expected, actual, q.toString());
    return actual;
  }

  private void assertSameAfterRestart(List<EventQuery> queries) throws Exception {
    restart();
    for (EventQuery q : queries) {
      events(q);
    }
  }

  // ---- appends and order ----

  @Test
  void append_outOfOrderTimes_returnsThemInTimeOrder() throws Exception {
    start(Retention.unbounded(), SOURCES);
    append("calls", call("c1", "north", 30, 3.0, "sales", "x"));
    append("calls", call("c1", "north", 10, 1.0, "support", "y"));
    append("calls", call("c1", "south", 20, 2.0, null, null));
    Table t = events(byCustomer("c1"));
    assertEquals(List.of("1.0", "2.0", "3.0"), column(t, "Minutes"));
    assertEquals(List.of("support", "null", "sales"), column(t, "Kind"));
    assertEquals(List.of("Customer", "At", "Minutes", "Kind"), t.columnNames());
    assertSameAfterRestart(List.of(byCustomer("c1"), byRegion("north"), byRegion("south")));
  }

  @Test
  void append_equalTimes_keepTheOrderOfAppends() throws Exception {
    start(Retention.unbounded(), SOURCES);
    for (int i = 0; i < 6; i++) {
      append("calls", call("c1", "north", i % 2 == 0 ? 50 : 40, i, "k" + i, "n" + i));
    }
    Table t = events(byCustomer("c1"));
    assertEquals(List.of("1.0", "3.0", "5.0", "0.0", "2.0", "4.0"), column(t, "Minutes"));
    assertSameAfterRestart(List.of(byCustomer("c1"), byRegion("north")));
  }

  @Test
  void events_perKeyAndTimeRange_fromIncludedUntilExcludedLastN() throws Exception {
    start(Retention.unbounded(), SOURCES);
    for (int m = 0; m < 10; m++) {
      append("calls", call(m % 2 == 0 ? "even" : "odd", "r" + (m % 3), m * 10, m, "k", "n"));
    }
    assertEquals(List.of("2.0", "4.0"), column(events(byCustomer("even", at(20), at(60), 0)), "Minutes"));
    assertEquals(List.of("4.0", "6.0"), column(events(byCustomer("even", at(20), at(80), 2)), "Minutes"));
    assertEquals(List.of("1.0", "3.0", "5.0", "7.0", "9.0"), column(events(byCustomer("odd")), "Minutes"));
    assertEquals(0, events(byCustomer("nobody")).rowCount());
    assertEquals(0, events(byCustomer(null)).rowCount(), "a missing key finds no events");
    assertEquals(0, events(byCustomer("even", at(60), at(20), 0)).rowCount(), "an empty range");
    assertEquals(0, events(byCustomer("even", at(20), at(20), 0)).rowCount(), "until excludes its own instant");
    assertEquals(List.of("0.0", "3.0", "6.0", "9.0"), column(events(byRegion("r0")), "Minutes"));
    assertSameAfterRestart(List.of(byCustomer("even", at(20), at(80), 2), byCustomer("odd"), byRegion("r1")));
  }

  @Test
  void events_singleSeries_lastRowsBeforeTheQuery() throws Exception {
    start(Retention.unbounded(), SOURCES);
    for (int d = 0; d < 8; d++) {
      append("rows", row(d, d * 1.5));
    }
    long day5 = HistoryFixtures.T0.plus(Duration.ofDays(5)).toEpochMilli();
    assertEquals(List.of("3.0", "4.5", "6.0"), column(events(rows(Long.MIN_VALUE, day5, 3)), "y"));
    assertEquals(List.of("Date", "y"), events(rows(Long.MIN_VALUE, Long.MAX_VALUE, 0)).columnNames());
    assertSameAfterRestart(List.of(rows(Long.MIN_VALUE, day5, 3), rows(Long.MIN_VALUE, Long.MAX_VALUE, 0)));
  }

  @Test
  void append_valuesAndKeys_comeBackBitForBit() throws Exception {
    start(Retention.unbounded(), SOURCES);
    double[] odd = {Double.NaN, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8_0000_dead_beefL)};
    String[] keys = {"", "é ü 日本", "a\u0000b", "\ud800lone", "k:0:k"};
    for (int i = 0; i < odd.length; i++) {
      append("calls", call(keys[i], keys[(i + 1) % keys.length], i, odd[i], keys[i], "line\nbreak " + i));
    }
    for (String k : keys) {
      events(byCustomer(k));
      events(byRegion(k));
    }
    assertSameAfterRestart(java.util.Arrays.stream(keys).map(HistoryFixtures::byCustomer).toList());
  }

  // ---- retention ----

  @Test
  void retention_dropsWhatIsOlderThanTheAgeBeforeTheKeysNewestEvent() throws Exception {
    start(Retention.of(Duration.ofDays(10)), List.of(HistoryFixtures.CALLS));
    long day = 24 * 60;
    append("calls", call("c1", "n", 0, 1, "a", null));
    append("calls", call("c1", "n", 5 * day, 2, "a", null));
    append("calls", call("c2", "n", 30 * day, 9, "a", null));
    assertEquals(List.of("1.0", "2.0"), column(events(byCustomer("c1")), "Minutes"), "another key's events trim nothing");
    append("calls", call("c1", "n", 12 * day, 3, "a", null));
    assertEquals(List.of("2.0", "3.0"), column(events(byCustomer("c1")), "Minutes"));
    append("calls", call("c1", "n", day, 4, "a", null));   // late, and already too old
    assertEquals(List.of("2.0", "3.0"), column(events(byCustomer("c1")), "Minutes"));
    append("calls", call("c1", "n", 4 * day, 5, "a", null));   // late, but within the age
    assertEquals(List.of("5.0", "2.0", "3.0"), column(events(byCustomer("c1")), "Minutes"));
    assertSameAfterRestart(List.of(byCustomer("c1"), byCustomer("c2")));
    append("calls", call("c1", "n", 40 * day, 6, "a", null));
    assertEquals(List.of("6.0"), column(events(byCustomer("c1")), "Minutes"), "the trimming goes on after a restart");
  }

  @Test
  void retention_keepsTheLatestEventsPerKeyWhateverTheirAge() throws Exception {
    start(KEEP, SOURCES);
    long day = 24 * 60;
    for (int d = 0; d < 6; d++) {
      append("rows", row(d * 100, d));
      append("calls", call("c1", "n", d * 100 * day, d, "a", null));
    }
    assertEquals(List.of("3.0", "4.0", "5.0"), column(events(rows(Long.MIN_VALUE, Long.MAX_VALUE, 0)), "y"));
    assertEquals(List.of("3.0", "4.0", "5.0"), column(events(byCustomer("c1")), "Minutes"));
    assertSameAfterRestart(List.of(rows(Long.MIN_VALUE, Long.MAX_VALUE, 0), byCustomer("c1"), byRegion("n")));
  }

  // ---- errors ----

  static void assertRefused(Class<? extends Throwable> type, String message, Executable call) {
    Throwable e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
  }

  @Test
  void append_badEvents_areRefusedWithTheInMemoryMessagesAndRecordNothing() throws Exception {
    start(Retention.unbounded(), SOURCES);
    Map<String, Object> noKey = call(null, "n", 1, 1, "a", "b");
    Map<String, Object> infinite = call("c1", "n", 1, Double.POSITIVE_INFINITY, "a", "b");
    Map<String, Object> lacking = call("c1", "n", 1, 1, "a", "b");
    lacking.remove("Kind");
    Map<String, Object> textTime = call("c1", "n", 1, 1, "a", "b");
    textTime.put("At", "yesterday");
    for (Map<String, Object> bad : List.of(noKey, infinite, lacking, textTime)) {
      Throwable expected = assertThrows(InvalidInputException.class, () -> memory.append("calls", bad));
      assertRefused(InvalidInputException.class, expected.getMessage(), () -> store.append("calls", bad));
    }
    assertRefused(IllegalArgumentException.class, "no step reads events of source 'clicks'; the sources are [calls, rows]",
        () -> store.append("clicks", call("c1", "n", 1, 1, "a", "b")));
    assertRefused(InvalidInputException.class, "event of source 'calls' lacks column 'Kind'; its events carry [Customer, At,"
        + " Minutes, Kind]", () -> store.append("calls", lacking));
    assertEquals(0, events(byCustomer("c1")).rowCount());
  }

  @Test
  void appendAll_aBadRow_recordsNoRowAndNamesIt() throws Exception {
    start(Retention.unbounded(), SOURCES);
    List<Map<String, Object>> rowsOfTable = new ArrayList<>();
    rowsOfTable.add(call("c1", "n", 1, 1, "a", "b"));
    rowsOfTable.add(call(null, "n", 2, 2, "a", "b"));
    Table table = Table.fromRows(rowsOfTable);
    Throwable expected = assertThrows(InvalidInputException.class, () -> memory.appendAll("calls", table));
    assertRefused(InvalidInputException.class, expected.getMessage(), () -> store.appendAll("calls", table));
    assertEquals(0, events(byCustomer("c1")).rowCount());
    Table good = Table.fromRows(List.of(call("c1", "n", 5, 5, "a", "b"), call("c1", "n", 3, 3, "a", "b")));
    memory.appendAll("calls", good);
    store.appendAll("calls", good);
    assertEquals(List.of("3.0", "5.0"), column(events(byCustomer("c1")), "Minutes"));
    assertSameAfterRestart(List.of(byCustomer("c1"), byRegion("n")));
  }

  @Test
  void events_aStreamNotKept_isRefusedNamingWhatIsKept() throws Exception {
    start(Retention.unbounded(), List.of(HistoryFixtures.ROWS));
    EventQuery q = new EventQuery("rows", Optional.of("Store"), Optional.of("s1"), "Date", 0, 1, 0);
    Throwable expected = assertThrows(IllegalArgumentException.class, () -> memory.events(q));
    assertRefused(IllegalArgumentException.class, expected.getMessage(), () -> store.events(q));
  }

  @Test
  void open_aRetentionThatDropsWhatAStepReads_isRefused() throws Exception {
    fresh();
    Retention tooShort = Retention.of(Duration.ofDays(2));
    Throwable expected = assertThrows(IllegalArgumentException.class, () -> History.inMemory(tooShort, SOURCES));
    assertRefused(IllegalArgumentException.class, expected.getMessage(), () -> track(open(tooShort, SOURCES)));
  }

  // ---- concurrency ----

  @Test
  void append_fromManyThreads_keepsEveryEventAndEachThreadsOrder() throws Exception {
    start(Retention.unbounded(), SOURCES);
    int threads = 4;
    int each = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < each; i++) {
            // every thread writes the shared key at equal times, and a key of its own
            store.append("calls", call("shared", "r" + thread, i / 10, thread * 1000 + i, "t" + thread, null));
            if (i % 3 == 0) {
              store.events(byCustomer("shared", Long.MIN_VALUE, at(i / 10 + 1), 5));
            }
          }
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Table shared = store.events(byCustomer("shared"));
    assertEquals(threads * each, shared.rowCount());
    Map<String, Double> lastOfThread = new HashMap<>();
    long previous = Long.MIN_VALUE;
    for (int r = 0; r < shared.rowCount(); r++) {
      long time = shared.timestamp("At", r);
      assertEquals(true, time >= previous, "time order at row " + r);
      if (time != previous) {
        lastOfThread.clear();
      }
      previous = time;
      Double before = lastOfThread.put(shared.string("Kind", r), shared.numeric("Minutes", r));
      assertEquals(true, before == null || before < shared.numeric("Minutes", r), "a thread's equal-time events in its order");
    }
    for (int t = 0; t < threads; t++) {
      assertEquals(each, store.events(byRegion("r" + t)).rowCount());
    }
    Table beforeRestart = store.events(byCustomer("shared"));
    restart();
    assertSameTable(beforeRestart, store.events(byCustomer("shared")), "after a restart");
  }
}
