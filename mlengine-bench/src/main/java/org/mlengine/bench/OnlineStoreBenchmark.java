package org.mlengine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlengine.features.Features;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.history.FsyncPolicy;
import org.mlengine.serving.history.OnlineStore;
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
 * JMH benchmark of one entity's feature lookup for one request: the values of a feature view
 * (the mean, max and count of a customer's call minutes over 28 days) for a random one of 10,000
 * customers, read from an online store holding them materialised from 1,000,000 events (100 daily
 * per customer): in memory, on disk ({@link FsyncPolicy#always()}) or in Redis on loopback
 * (against a {@code redis-server} this benchmark starts), against the baseline of computing them
 * per request from an in-memory {@link History} of the same events ({@code view.valuesAsOf}),
 * which the store replaces. Sample time, so JMH reports the p50, p99 and p99.9 of single lookups.
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main OnlineStoreBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class OnlineStoreBenchmark {
  static final int KEYS = HistoryLookupBenchmark.KEYS;
  static final Instant AS_OF = HistoryLookupBenchmark.T0.plus(Duration.ofDays(100));

  /** Where the values come from: computed from a history, or read from an online store. */
  @Param({"history", "memory", "disk", "redis"})
  public String store;

  FeatureView view;
  History history;
  OnlineStore online;
  Path dir;
  BenchRedis redis;
  final SplittableRandom random = new SplittableRandom(42);

  /** Appends the events to a history, and materialises the view into the store as of day 100. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("online-bench");
    view = Features.featureView("calls").entity("Customer").time("At")
        .add(Features.window("Minutes").over(Duration.ofDays(28)).mean().max().count()).build();
    history = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    SplittableRandom events = new SplittableRandom(7);
    for (int day = 0; day < HistoryLookupBenchmark.EVENTS_PER_KEY; day++) {
      String[] customer = new String[KEYS];
      Instant[] at = new Instant[KEYS];
      double[] minutes = new double[KEYS];
      for (int k = 0; k < KEYS; k++) {
        customer[k] = "customer-" + k;
        at[k] = HistoryLookupBenchmark.T0.plus(Duration.ofDays(day)).plusSeconds(k);
        minutes[k] = events.nextInt(600) / 10.0;
      }
      history.appendAll(view.source(), Table.builder().categorical("Customer", customer).timestamp("At", at)
          .numeric("Minutes", minutes).build());
    }
    online = switch (store) {
      case "history" -> null;
      case "memory" -> OnlineStore.inMemory();
      case "disk" -> OnlineStore.onDisk(dir.resolve("store"), FsyncPolicy.always());
      case "redis" -> OnlineStore.redis((redis = BenchRedis.start(dir)).uri(), "bench");
      default -> throw new IllegalArgumentException("store is " + store + "; give history, memory, disk or redis");
    };
    if (online != null) {
      List<String> keys = java.util.stream.IntStream.range(0, KEYS).mapToObj(k -> "customer-" + k).toList();
      online.materialize(view, history, keys, AS_OF);
    }
  }

  /** One customer's values of the view as of day 100. */
  @Benchmark
  public Object lookup() {
    String key = "customer-" + random.nextInt(KEYS);
    return online == null ? view.valuesAsOf(history, key, AS_OF) : online.read("calls", key).orElseThrow();
  }

  /** Closes the store, stops Redis and deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (online != null) {
      online.close();
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
