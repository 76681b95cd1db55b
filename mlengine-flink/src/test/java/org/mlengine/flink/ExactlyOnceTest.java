package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Table;

/**
 * Exactly once through checkpoints: a job whose task fails once mid-stream, after a checkpoint, is
 * restarted (fixed delay) from that checkpoint, source position and keyed history alike, and its
 * output, read through the checkpoint-aware collect sink (rows reach the test only once the
 * checkpoint after them completes), equals the output of a run that never failed: no row lost,
 * none twice, every value bit for bit (and equal to the in-process path).
 *
 * <p>Deterministic, whatever the machine's load: the source emits {@code failAfter} rows and then
 * holds (its rate limiter's permit stays pending, so the task still takes checkpoints) until two
 * checkpoints have completed, the second one begun after the hold, so it holds exactly those
 * rows; the first row past them makes the map fail, whichever subtask it reaches (the count is
 * shared, as the MiniCluster runs in this JVM). The restarted run therefore resumes at row
 * {@code failAfter}, and the test checks it saw exactly the rows after it.
 */
class ExactlyOnceTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** Whether the failing map has failed; it fails once per run. */
  static final AtomicBoolean FAILED = new AtomicBoolean();
  /** The rows all map subtasks together saw before the failure. */
  static final AtomicLong SEEN = new AtomicLong();
  /** The rows all map subtasks together saw in the restarted attempt. */
  static final AtomicInteger SEEN_IN_LAST_ATTEMPT = new AtomicInteger();
  /** Whether the held source was let go (two checkpoints completed while it held). */
  static final AtomicBoolean RELEASED = new AtomicBoolean();

  @TempDir
  Path dir;

  @Test
  void chicago_failedAndRestoredFromACheckpoint_givesTheOutputOfARunThatNeverFailed() throws Exception {
    Table days = Fixtures.chicago();
    FlinkScorer scorer = FlinkScorer.load(Fixtures.CHICAGO_BUNDLE);
    List<Row> clean = run(scorer, days, -1);
    List<Row> restored = run(scorer, days, 2_500);
    assertRestartedAt(2_500, days.rowCount());
    assertEquals(clean, restored);
    int n = days.columnNames().size();
    List<Double> local = HistoryScoringTest.inProcess(Fixtures.CHICAGO_BUNDLE, days, scorer.retention(), "date", null);
    List<Double> values = new ArrayList<>();
    restored.forEach(row -> values.add((Double) row.getField(n)));
    HistoryScoringTest.assertBitsEqual(local, values);
  }

  @Test
  void stores_failedAndRestoredOnTwoSlots_giveTheOutputOfARunThatNeverFailed() throws Exception {
    Path bundle = dir.resolve("stores.mlb");
    Fixtures.storeBundle().save(bundle);
    Table days = Fixtures.stores(8, 250, 5);
    FlinkScorer scorer = FlinkScorer.load(bundle);
    List<Row> clean = run(scorer, days, -1);
    List<Row> restored = run(scorer, days, 1_200);
    assertRestartedAt(1_200, days.rowCount());
    assertEquals(days.rowCount(), restored.size());
    // Two tasks interleave the stores in any order; as multisets, and per store in order, the runs agree.
    assertEquals(perStore(clean), perStore(restored));
  }

  /** The job failed once, and its restart resumed from the checkpoint taken while the source held at row {@code at}. */
  private static void assertRestartedAt(int at, int rows) {
    assertTrue(RELEASED.get() && FAILED.get(), "the task never failed (released " + RELEASED.get() + ")");
    assertEquals(rows - at, SEEN_IN_LAST_ATTEMPT.get(), "after the restart the map saw " + SEEN_IN_LAST_ATTEMPT.get()
        + " rows; a restart from the checkpoint at row " + at + " sees the other " + (rows - at) + " of the " + rows);
  }

  private static java.util.Map<Object, List<Row>> perStore(List<Row> rows) {
    java.util.Map<Object, List<Row>> out = new java.util.TreeMap<>();
    rows.forEach(row -> out.computeIfAbsent(row.getField(0), k -> new ArrayList<>()).add(row));
    return out;
  }

  /**
   * Scores the days with checkpoints every 100 ms; when {@code failAfter} is not negative, the
   * source holds after that many rows until a checkpoint of them completes, and the first row
   * after them fails the map once.
   */
  private static List<Row> run(FlinkScorer scorer, Table days, int failAfter) throws Exception {
    FAILED.set(false);
    RELEASED.set(false);
    SEEN.set(0);
    SEEN_IN_LAST_ATTEMPT.set(0);
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = Fixtures.env(2);
    env.configure(config);
    env.enableCheckpointing(100);
    RowTypeInfo type = Fixtures.rowType(days);
    DataStream<Row> rows = failAfter < 0 ? Fixtures.source(env, Fixtures.rows(days), type, 5_000)
        : Fixtures.source(env, Fixtures.rows(days), type, new HoldAfter(failAfter, 5_000));
    ScoredStream scoring = scorer.score(rows);
    DataStream<Row> out = scoring.scored()
        .map(new FailOnce(failAfter)).returns(scoring.scored().getType()).name("fail once");
    CloseableIterator<Row> collected = out.collectAsync();
    env.execute("exactly once");
    return Fixtures.drain(collected);
  }

  /**
   * Paces the source at {@code perSecond}; in the run before the failure, after {@code rows} rows
   * it holds the next permit until two checkpoints have completed (the second begun during the
   * hold, as one checkpoint runs at a time), then lets go. After the restart it only paces.
   */
  static final class HoldAfter implements RateLimiterStrategy<NumberSequenceSource.NumberSequenceSplit> {
    private static final long serialVersionUID = 1L;
    private final int rows;
    private final double perSecond;

    HoldAfter(int rows, double perSecond) {
      this.rows = rows;
      this.perSecond = perSecond;
    }

    @Override
    @SuppressWarnings("unchecked")
    public RateLimiter<NumberSequenceSource.NumberSequenceSplit> createRateLimiter(int parallelism) {
      RateLimiter<NumberSequenceSource.NumberSequenceSplit> pace = RateLimiterStrategy.perSecond(perSecond).createRateLimiter(parallelism);
      return new RateLimiter<>() {
        private long permits;
        private CompletableFuture<Void> held;
        private int checkpointsWhileHeld;

        @Override
        public CompletionStage<Void> acquire(int events) {
          permits += events;
          if (!FAILED.get() && !RELEASED.get() && permits > rows) {
            held = new CompletableFuture<>();   // permit k lets row k out: rows 1..rows are out now
            return held;
          }
          return pace.acquire(events);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
          if (held != null && ++checkpointsWhileHeld == 2) {
            RELEASED.set(true);
            held.complete(null);
            held = null;
          }
        }
      };
    }
  }

  /**
   * Passes rows on; in the first attempt, throws on the first row past {@code failAfter}, once.
   * Rows are counted by attempt, not by whether the failure has happened: the other subtask of the
   * failed attempt goes on mapping rows until it is cancelled, and those are not the restart's.
   */
  static final class FailOnce extends RichMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int failAfter;
    private transient int attempt;

    FailOnce(int failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public void open(OpenContext context) {
      attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    }

    @Override
    public Row map(Row row) {
      if (attempt > 0) {
        SEEN_IN_LAST_ATTEMPT.incrementAndGet();
        return row;
      }
      if (FAILED.get()) {
        return row; // the failed attempt's other subtask, until it is cancelled
      }
      long seen = SEEN.incrementAndGet();
      if (failAfter >= 0 && seen > failAfter && FAILED.compareAndSet(false, true)) {
        if (!RELEASED.get()) {
          throw new AssertionError("row " + seen + " passed the source before it was let go after row " + failAfter);
        }
        throw new IllegalStateException("failing once on purpose at row " + seen);
      }
      return row;
    }
  }
}
