package org.mlengine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.serving.history.DiskHistory;
import org.mlengine.serving.history.FsyncPolicy;
import org.mlengine.serving.history.RedisHistory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one entity's window lookup, as a window step makes it for one request: the
 * events of a random one of 10,000 customers in the 28 days before a time, from a history of
 * 1,000,000 events (100 daily events per customer, two value columns), kept in memory ({@code
 * History.inMemory}, the baseline), on disk ({@link DiskHistory}) or in Redis on loopback ({@link
 * RedisHistory}, against a {@code redis-server} this benchmark starts on a free port of
 * 127.0.0.1 and stops). Sample time, so JMH reports the p50, p99 and p99.9 of single lookups.
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main HistoryLookupBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HistoryLookupBenchmark {
  static final int KEYS = 10_000;
  static final int EVENTS_PER_KEY = 100;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final EventSource CALLS = new EventSource("calls", Optional.of("Customer"), "At",
      List.of(new Schema.Field("Minutes", ColumnType.NUMERIC, List.of()), new Schema.Field("Kind", ColumnType.CATEGORICAL, List.of())),
      Optional.of(Duration.ofDays(28)), 0);

  /** Where the history is kept. */
  @Param({"memory", "disk", "redis"})
  public String store;

  History history;
  Path dir;
  BenchRedis redis;
  final SplittableRandom random = new SplittableRandom(42);

  /** Starts the store and appends the events, a table of 10,000 at a time. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("history-bench");
    history = switch (store) {
      case "memory" -> History.inMemory(Retention.unbounded(), List.of(CALLS));
      case "disk" -> DiskHistory.open(dir.resolve("history"), Retention.unbounded(), List.of(CALLS), FsyncPolicy.always());
      case "redis" -> RedisHistory.connect((redis = BenchRedis.start(dir)).uri(), "bench", Retention.unbounded(), List.of(CALLS));
      default -> throw new IllegalArgumentException("store is " + store + "; give memory, disk or redis");
    };
    String[] kinds = {"sales", "support", "billing"};
    for (int day = 0; day < EVENTS_PER_KEY; day++) {
      String[] customer = new String[KEYS];
      Instant[] at = new Instant[KEYS];
      double[] minutes = new double[KEYS];
      String[] kind = new String[KEYS];
      for (int k = 0; k < KEYS; k++) {
        customer[k] = "customer-" + k;
        at[k] = T0.plus(Duration.ofDays(day)).plusSeconds(k);
        minutes[k] = random.nextInt(600) / 10.0;
        kind[k] = kinds[random.nextInt(3)];
      }
      history.appendAll("calls", Table.builder().categorical("Customer", customer).timestamp("At", at).numeric("Minutes", minutes)
          .categorical("Kind", kind).build());
    }
  }

  /** One customer's events in the 28 days before a time in the last 20 days (28 events). */
  @Benchmark
  public Table lookup() {
    long until = T0.plus(Duration.ofDays(80 + random.nextInt(20))).toEpochMilli();
    String key = "customer-" + random.nextInt(KEYS);
    return history.events(new EventQuery("calls", Optional.of("Customer"), Optional.of(key), "At",
        until - Duration.ofDays(28).toMillis(), until, 0));
  }

  /** Closes the store, stops Redis and deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (history instanceof AutoCloseable c) {
      c.close();
    }
    if (redis != null) {
      redis.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
