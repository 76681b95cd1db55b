package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;

/**
 * The contract of an {@link OnlineStore}, whatever keeps it: each store's test extends this class
 * and says how to open the store it tests on a clock (and, for a durable one, how to open it
 * again). Every answer is written down here and must be the same for memory, disk and Redis.
 */
abstract class OnlineStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final ViewSlot TRIPS = new ViewSlot("trips", "1", "f1", Optional.of("rider"), List.of(
      new Schema.Field("count_7d", ColumnType.NUMERIC, List.of()),
      new Schema.Field("last_zone", ColumnType.CATEGORICAL, List.of()),
      new Schema.Field("note", ColumnType.TEXT, List.of())), Duration.ofHours(2));
  static final ViewSlot DAILY = new ViewSlot("daily", "3", "d3", Optional.empty(), List.of(
      new Schema.Field("mean_7d", ColumnType.NUMERIC, List.of())), Duration.ZERO);

  final ManualClock clock = new ManualClock(T0);
  private final List<OnlineStore> opened = new ArrayList<>();

  /** Opens the store under test (the same underlying store on every call within a test). */
  protected abstract OnlineStore open(ManualClock clock) throws Exception;

  /** Whether the store survives being closed and opened again. */
  protected abstract boolean durable();

  @AfterEach
  void closeAll() throws Exception {
    for (OnlineStore s : opened) {
      s.close();
    }
  }

  OnlineStore store() throws Exception {
    OnlineStore s = open(clock);
    opened.add(s);
    s.declare(TRIPS);
    s.declare(DAILY);
    return s;
  }

  OnlineStore reopen(OnlineStore s) throws Exception {
    s.close();
    return store();
  }

  static Map<String, Object> trip(double count, String zone, String note) {
    Map<String, Object> m = new HashMap<>();
    m.put("count_7d", count);
    m.put("last_zone", zone);
    m.put("note", note);
    return m;
  }

  @Test
  void write_thenRead_givesTheValuesAndTheirTime() throws Exception {
    OnlineStore s = store();
    assertTrue(s.write("trips", "r-1", T0, trip(3, "north", null)));
    assertTrue(s.write("trips", "r-2", T0, trip(Double.NaN, null, "héllo \ud800")));
    assertTrue(s.write("daily", "", T0, Map.of("mean_7d", -0.0)));
    OnlineFeatures r1 = s.read("trips", "r-1").orElseThrow();
    assertEquals(new OnlineFeatures("trips", "r-1", T0, trip(3, "north", null)), r1);
    assertEquals(List.of("count_7d", "last_zone", "note"), List.copyOf(r1.values().keySet()));
    OnlineFeatures r2 = s.read("trips", "r-2").orElseThrow();
    assertTrue(Double.isNaN(r2.number("count_7d")));
    assertEquals("héllo \ud800", r2.string("note"));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(s.read("daily", "").orElseThrow().number("mean_7d")));
    assertEquals(Optional.empty(), s.read("trips", "r-3"));
    assertEquals(new OnlineStore.Stats(3, 0, 0), s.stats());
  }

  @Test
  void write_olderThanStored_isSkippedAndCounted_sameTimeReplaces() throws Exception {
    OnlineStore s = store();
    Instant t1 = T0.plusSeconds(60);
    assertTrue(s.write("trips", "r-1", t1, trip(5, "a", null)));
    assertFalse(s.write("trips", "r-1", T0, trip(4, "b", null)));
    assertEquals(5.0, s.read("trips", "r-1").orElseThrow().number("count_7d"));
    assertTrue(s.write("trips", "r-1", t1, trip(6, "c", null)));
    assertEquals(trip(6, "c", null), s.read("trips", "r-1").orElseThrow().values());
    assertEquals(new OnlineStore.Stats(2, 1, 0), s.stats());
  }

  @Test
  void read_afterTheTimeToLive_isEmptyAndCounted() throws Exception {
    OnlineStore s = store();
    s.write("trips", "r-1", T0, trip(1, "a", null));
    s.write("daily", "", T0, Map.of("mean_7d", 2.0));
    clock.set(T0.plus(Duration.ofHours(2)).minusMillis(1));
    assertTrue(s.read("trips", "r-1").isPresent());
    clock.set(T0.plus(Duration.ofHours(2)));
    assertEquals(Optional.empty(), s.read("trips", "r-1"));
    assertEquals(1, s.stats().expired());
    clock.set(T0.plus(Duration.ofDays(3650)));
    assertEquals(2.0, s.read("daily", "").orElseThrow().number("mean_7d"), "a view without a time to live never expires");
  }

  @Test
  void write_alreadyExpired_keepsNothing() throws Exception {
    OnlineStore s = store();
    clock.set(T0.plus(Duration.ofHours(3)));
    assertTrue(s.write("trips", "r-1", T0.plus(Duration.ofHours(2)), trip(1, "a", null)));
    assertFalse(s.write("trips", "r-2", T0, trip(1, "a", null)));
    assertEquals(Optional.empty(), s.read("trips", "r-2"));
    assertEquals(new OnlineStore.Stats(1, 0, 1), s.stats());
  }

  @Test
  void declare_anotherVersion_isRefusedNamingBoth() throws Exception {
    OnlineStore s = store();
    ViewSlot v2 = new ViewSlot("trips", "2", "f2", TRIPS.key(), TRIPS.columns(), TRIPS.ttl());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.declare(v2));
    assertEquals("the online store in " + s.backend().where() + " holds view 'trips' version 1 (fingerprint f1), not view"
        + " 'trips' version 2 (fingerprint f2); a store keeps one version of each view: materialise the new version into a new"
        + " store (another directory or Redis namespace) and move the service to it", e.getMessage());
    ViewSlot longer = new ViewSlot("trips", "1", "f1", TRIPS.key(), TRIPS.columns(), Duration.ofHours(3));
    assertTrue(assertThrows(IllegalStateException.class, () -> s.declare(longer)).getMessage()
        .contains("not view 'trips' version 1 (fingerprint f1) with another layout (key rider, "));
    assertEquals(List.of("trips version 1 (fingerprint f1)", "daily version 3 (fingerprint d3)"), s.views());
  }

  @Test
  void write_badValues_isRefusedAndWritesNothing() throws Exception {
    OnlineStore s = store();
    Map<String, Object> lacking = trip(1, "a", null);
    lacking.remove("note");
    assertEquals("the values of view 'trips' lack column 'note'; give every column [count_7d, last_zone, note] (a missing value"
        + " as null)", assertThrows(IllegalArgumentException.class, () -> s.write("trips", "r-1", T0, lacking)).getMessage());
    Map<String, Object> text = trip(1, "a", null);
    text.put("count_7d", "many");
    assertEquals("column 'count_7d' of view 'trips' is NUMERIC and got String 'many'; give a number, or null for a missing value",
        assertThrows(IllegalArgumentException.class, () -> s.write("trips", "r-1", T0, text)).getMessage());
    assertEquals("column 'count_7d' of view 'trips' got Infinity; give a finite number, or null/NaN for a missing value",
        assertThrows(IllegalArgumentException.class, () -> s.write("trips", "r-1", T0, trip(Double.POSITIVE_INFINITY, "a", null)))
            .getMessage());
    Map<String, Object> number = trip(1, "a", null);
    number.put("last_zone", 7);
    assertEquals("column 'last_zone' of view 'trips' is CATEGORICAL and got Integer '7'; give text, or null for a missing value",
        assertThrows(IllegalArgumentException.class, () -> s.write("trips", "r-1", T0, number)).getMessage());
    assertEquals("the online store in " + s.backend().where() + " holds no view 'rides'; it holds [trips version 1 (fingerprint"
        + " f1), daily version 3 (fingerprint d3)]. Materialise the view into it first",
        assertThrows(IllegalArgumentException.class, () -> s.read("rides", "r-1")).getMessage());
    assertEquals("as-of time +292278994-08-17T07:12:55.807Z is beyond 2^53 ms from 1970; give a time within it",
        assertThrows(IllegalArgumentException.class, () -> s.write("trips", "r-1", Instant.ofEpochMilli(Long.MAX_VALUE),
            trip(1, "a", null))).getMessage());
    assertEquals(Optional.empty(), s.read("trips", "r-1"));
    assertEquals(new OnlineStore.Stats(0, 0, 0), s.stats());
  }

  @Test
  void reopen_keepsTheLatestRowsAndTheViews() throws Exception {
    if (!durable()) {
      return;
    }
    OnlineStore s = store();
    s.write("trips", "r-1", T0.plusSeconds(5), trip(5, "a", "x"));
    s.write("trips", "r-1", T0, trip(4, "b", null));
    s.write("trips", "r-2", T0, trip(Double.NaN, null, null));
    s.write("daily", "", T0, Map.of("mean_7d", 1.5));
    OnlineStore again = reopen(s);
    assertEquals(trip(5, "a", "x"), again.read("trips", "r-1").orElseThrow().values());
    assertEquals(T0.plusSeconds(5), again.read("trips", "r-1").orElseThrow().asOf());
    assertTrue(Double.isNaN(again.read("trips", "r-2").orElseThrow().number("count_7d")));
    assertEquals(1.5, again.read("daily", "").orElseThrow().number("mean_7d"));
    assertFalse(again.write("trips", "r-1", T0.plusSeconds(4), trip(0, "z", null)), "the stale check survives the restart");
    assertEquals(List.of("trips version 1 (fingerprint f1)", "daily version 3 (fingerprint d3)"), again.views());
    clock.set(T0.plus(Duration.ofHours(2)));
    OnlineStore later = reopen(again);
    assertEquals(Optional.empty(), later.read("trips", "r-2"));
    assertTrue(later.read("trips", "r-1").isPresent());
  }

  @Test
  void sweep_afterTheTimeToLive_removesExpiredRows_soMemoryStaysBounded() throws Exception {
    OnlineStore s = store();
    if (!(s.backend() instanceof MemoryFeatures) && !(s.backend() instanceof DiskFeatures)) {
      return;   // Redis expires its keys itself (RedisOnlineStoreTest)
    }
    for (int i = 0; i < 3000; i++) {
      s.write("trips", "old-" + i, T0, trip(i, "a", null));
    }
    clock.advance(Duration.ofHours(2));
    for (int i = 0; i < 3000; i++) {
      s.write("trips", "new-" + i, T0.plus(Duration.ofHours(2)), trip(i, "a", null));
    }
    long kept = s.backend() instanceof DiskFeatures d ? d.size() : ((MemoryFeatures) s.backend()).rows.size();
    assertTrue(kept <= 3000 + 1024, "the store keeps " + kept + " rows; 3000 are alive and the sweep runs every >= 1024 writes");
    assertEquals(3000, s.stats().expired(), "every old row was swept");
    clock.advance(Duration.ofHours(2));
    assertEquals(3000, s.purgeExpired());
    assertEquals(6000, s.stats().expired());
  }

  @Test
  void materialize_recordsItsTime_whichSurvivesAReopen_andIsNotAView() throws Exception {
    OnlineStore s = open(clock);
    opened.add(s);
    org.mlengine.runtime.FeatureView view = ViewBundles.trips(1, 7);
    org.mlengine.runtime.Table events = ViewBundles.events(new java.util.Random(3), 40, 3);
    assertEquals(Optional.empty(), s.lastMaterialised("trips"));
    Instant asOf = ViewBundles.START.plus(Duration.ofDays(3));
    clock.set(asOf);
    org.mlengine.runtime.History history = ViewBundles.history(view, events);
    int alive = (int) java.util.stream.Stream.of("r0", "r1", "r2").filter(k -> !view.valuesAsOf(history, k, asOf).expired()).count();
    assertEquals(1, alive, "r0 went quiet after a day, and one more rider's events are older than the time to live");
    OnlineStore.Materialization m = s.materialize(view, history, List.of("r0", "r1", "r2"), asOf);
    assertEquals(new OnlineStore.Materialization("trips", 1, asOf, 3, alive, 3 - alive), m, "expired values are not kept");
    assertEquals(Optional.of(asOf), s.lastMaterialised("trips"));
    assertEquals(alive, s.stats().written(), "the store's record of the time is no row of the user's");
    assertEquals(List.of("trips version 1 (fingerprint " + view.fingerprint() + ")"), s.views());
    if (durable()) {
      s.close();
      OnlineStore again = open(clock);
      opened.add(again);
      assertEquals(Optional.of(asOf), again.lastMaterialised("trips"));
      assertEquals(List.of("trips version 1 (fingerprint " + view.fingerprint() + ")"), again.views());
    }
  }

  @Test
  void writeAll_manyKeys_keepsEachKeysLatest() throws Exception {
    OnlineStore s = store();
    int id = s.idOf(TRIPS);
    List<Stream.Entry> rows = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      rows.add(OnlineStore.entry(TRIPS, id, "r-" + (i % 700), T0.plusMillis(i % 3 == 0 ? 0 : i), trip(i, "z" + i, null)));
    }
    int kept = s.writeAll(TRIPS, rows);
    Map<String, Stream.Entry> latest = new HashMap<>();
    int expectKept = 0;
    for (Stream.Entry e : rows) {
      Stream.Entry old = latest.get(e.key());
      if (old == null || old.time() <= e.time()) {
        latest.put(e.key(), e);
        expectKept++;
      }
    }
    assertEquals(expectKept, kept);
    for (Stream.Entry e : latest.values()) {
      assertEquals(e.values()[0], s.read("trips", e.key()).orElseThrow().number("count_7d"), e.key());
    }
    assertEquals(rows.size() - expectKept, s.stats().skippedStale());
  }

  @Test
  void write_concurrentlyFromThreads_keepsTheLatestOfEachKey() throws Exception {
    OnlineStore s = store();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            s.write("trips", "r-" + (i % 10), T0.plusMillis(i * 4L + worker), trip(i * 4 + worker, "w" + worker, null));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (int k = 0; k < 10; k++) {
      assertEquals((190 + k) * 4 + 3, s.read("trips", "r-" + k).orElseThrow().number("count_7d"), "key r-" + k);
    }
  }
}
