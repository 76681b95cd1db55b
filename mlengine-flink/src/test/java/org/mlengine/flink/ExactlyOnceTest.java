package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
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
 */
class ExactlyOnceTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** Whether the failing map has failed; it fails once per test. */
  static final AtomicBoolean FAILED = new AtomicBoolean();
  /** The rows the failing map saw in its last attempt. */
  static final AtomicInteger SEEN_IN_LAST_ATTEMPT = new AtomicInteger();

  @TempDir
  Path dir;

  @Test
  void chicago_failedAndRestoredFromACheckpoint_givesTheOutputOfARunThatNeverFailed() throws Exception {
    Table days = Fixtures.chicago();
    FlinkScorer scorer = FlinkScorer.load(Fixtures.CHICAGO_BUNDLE);
    List<Row> clean = run(scorer, days, -1);
    List<Row> restored = run(scorer, days, 2_500);
    assertTrue(FAILED.get(), "the task never failed");
    int replayed = SEEN_IN_LAST_ATTEMPT.get();
    assertTrue(replayed > 0 && replayed < days.rowCount(), "after the restart the map saw " + replayed
        + " rows; a restart from a checkpoint after row 0 sees fewer than the " + days.rowCount() + " rows");
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
    assertTrue(FAILED.get(), "the task never failed");
    assertEquals(days.rowCount(), restored.size());
    // Two tasks interleave the stores in any order; as multisets, and per store in order, the runs agree.
    assertEquals(perStore(clean), perStore(restored));
  }

  private static java.util.Map<Object, List<Row>> perStore(List<Row> rows) {
    java.util.Map<Object, List<Row>> out = new java.util.TreeMap<>();
    rows.forEach(row -> out.computeIfAbsent(row.getField(0), k -> new ArrayList<>()).add(row));
    return out;
  }

  /** Scores the days with checkpoints every 100 ms; fails once after {@code failAfter} rows (none when negative). */
  private static List<Row> run(FlinkScorer scorer, Table days, int failAfter) throws Exception {
    FAILED.set(false);
    SEEN_IN_LAST_ATTEMPT.set(0);
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = Fixtures.env(2);
    env.configure(config);
    env.enableCheckpointing(100);
    RowTypeInfo type = Fixtures.rowType(days);
    DataStream<Row> rows = Fixtures.source(env, Fixtures.rows(days), type, 5_000);
    ScoredStream scoring = scorer.score(rows);
    DataStream<Row> out = scoring.scored()
        .map(new FailOnce(failAfter)).returns(scoring.scored().getType()).name("fail once");
    CloseableIterator<Row> collected = out.collectAsync();
    env.execute("exactly once");
    return Fixtures.drain(collected);
  }

  /** Passes rows on; once, after {@code failAfter} rows and a completed checkpoint, throws. */
  static final class FailOnce extends RichMapFunction<Row, Row> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final int failAfter;
    private transient int seen;
    private transient boolean checkpointed;

    FailOnce(int failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public void open(OpenContext context) {
      seen = 0;
      checkpointed = false;
      if (FAILED.get()) {
        SEEN_IN_LAST_ATTEMPT.set(0);
      }
    }

    @Override
    public Row map(Row row) {
      seen++;
      if (FAILED.get()) {
        SEEN_IN_LAST_ATTEMPT.incrementAndGet();
      }
      if (failAfter >= 0 && seen >= failAfter && checkpointed && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once on purpose after " + seen + " rows");
      }
      return row;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }
  }
}
