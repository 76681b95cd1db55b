package org.mlengine.serving.history;

import static org.mlengine.serving.history.HistoryFixtures.assertSameTable;
import static org.mlengine.serving.history.HistoryFixtures.categorical;
import static org.mlengine.serving.history.HistoryFixtures.numeric;
import static org.mlengine.serving.history.HistoryFixtures.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * Random event streams (few keys, many equal times, events out of order, missing values, some
 * appended a table at a time) under a random retention give equal {@code events(query)} tables,
 * bit for bit, from the in-memory, disk and Redis histories, for random queries; and again after
 * the disk and Redis histories are opened anew.
 */
class HistoryStoresProperties {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<EventSource> SOURCES = List.of(
      new EventSource("calls", Optional.of("Customer"), "At", List.of(numeric("Minutes"), categorical("Kind")),
          Optional.of(Duration.ofHours(6)), 0),
      new EventSource("calls", Optional.of("Region"), "At", List.of(numeric("Minutes"), text("Note")),
          Optional.of(Duration.ofHours(6)), 0),
      new EventSource("rows", Optional.empty(), "At", List.of(numeric("Minutes")), Optional.empty(), 2));

  /** One event: customer, region, minute of its time, value (NaN: missing), kind (null: missing), and whether it is appended in a table with its neighbours. */
  record Event(String customer, String region, int minute, double minutes, String kind, boolean batched) {
    Map<String, Object> map() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Customer", customer);
      m.put("Region", region);
      m.put("At", T0.plus(Duration.ofMinutes(minute)));
      m.put("Minutes", minutes);
      m.put("Kind", kind);
      m.put("Note", kind == null ? null : kind + " " + minute);
      return m;
    }
  }

  record Query(int source, String key, int from, int until, int last) {}

  @Provide
  Arbitrary<List<Event>> streams() {
    Arbitrary<Event> event = Combinators.combine(Arbitraries.of("a", "b", "c"), Arbitraries.of("north", "south"),
        Arbitraries.integers().between(0, 24 * 60).map(m -> m - m % 30),
        Arbitraries.oneOf(Arbitraries.doubles().between(-100, 100), Arbitraries.just(Double.NaN)),
        Arbitraries.of("x", "y", "z").injectNull(0.2), Arbitraries.of(true, true, false, false, false))
        .as(Event::new);
    return event.list().ofMinSize(1).ofMaxSize(120);
  }

  @Provide
  Arbitrary<Retention> retentions() {
    return Arbitraries.oneOf(Arbitraries.just(Retention.unbounded()),
        Combinators.combine(Arbitraries.integers().between(6, 20), Arbitraries.integers().between(2, 5))
            .as((hours, latest) -> Retention.of(Duration.ofHours(hours), latest)));
  }

  @Provide
  Arbitrary<List<Query>> queries() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of("a", "b", "c", "north", "south", "d"),
        Arbitraries.integers().between(-60, 25 * 60), Arbitraries.integers().between(-60, 25 * 60), Arbitraries.of(0, 0, 1, 3))
        .as(Query::new).list().ofSize(12);
  }

  @Property(tries = 30)
  void threeStores_sameAppends_sameTables(@ForAll("streams") List<Event> events, @ForAll("retentions") Retention retention,
      @ForAll("queries") List<Query> queries) throws Exception {
    Path dir = Files.createTempDirectory("history-property");
    String namespace = "property-" + UUID.randomUUID();
    History memory = History.inMemory(retention, SOURCES);
    DiskHistory disk = disk(dir, retention);
    RedisHistory redis = RedisHistory.connect(RedisServer.shared().uri(), namespace, retention, SOURCES);
    try {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (Event e : events) {
        if (e.batched()) {
          batch.add(e.map());
          continue;
        }
        appendAll(batch, memory, disk, redis);
        for (History h : List.of(memory, disk, redis)) {
          h.append("calls", e.map());
          h.append("rows", e.map());
        }
      }
      appendAll(batch, memory, disk, redis);
      compare(memory, disk, redis, queries);
      disk.close();
      redis.close();
      disk = disk(dir, retention);
      redis = RedisHistory.connect(RedisServer.shared().uri(), namespace, retention, SOURCES);
      compare(memory, disk, redis, queries);
    } finally {
      disk.close();
      redis.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Appends the batched events as one table to each history, and empties the batch. */
  private static void appendAll(List<Map<String, Object>> batch, History... histories) {
    if (!batch.isEmpty()) {
      for (History h : histories) {
        h.appendAll("calls", Table.fromRows(batch));
      }
      batch.clear();
    }
  }

  private static DiskHistory disk(Path dir, Retention retention) throws Exception {
    return DiskHistory.builder(dir).retention(retention).sources(SOURCES).fsync(FsyncPolicy.interval(Duration.ofSeconds(1)))
        .segmentBytes(4096).compactAfterBytes(8192).open();
  }

  private static void compare(History memory, History disk, History redis, List<Query> queries) {
    for (Query q : queries) {
      EventQuery query = switch (q.source()) {
        case 0 -> new EventQuery("calls", Optional.of("Customer"), Optional.of(q.key()), "At", millis(q.from()), millis(q.until()), q.last());
        case 1 -> new EventQuery("calls", Optional.of("Region"), Optional.of(q.key()), "At", millis(q.from()), millis(q.until()), q.last());
        default -> new EventQuery("rows", Optional.empty(), Optional.empty(), "At", q.from() < 0 ? Long.MIN_VALUE : millis(q.from()),
            millis(q.until()), q.last());
      };
      Table expected = memory.events(query);
      assertSameTable(expected, disk.events(query), "disk " + query);
      assertSameTable(expected, redis.events(query), "redis " + query);
    }
  }

  private static long millis(int minute) {
    return T0.plus(Duration.ofMinutes(minute)).toEpochMilli();
  }
}
