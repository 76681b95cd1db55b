package org.mlengine.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlengine.examples.ChicagoExample;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of scoring a stream one event at a time with window steps: the Chicago example's
 * bundle (windows of 7, 28 and 91 days and the latest 28 rows over one series), a History kept
 * for 91 days and the latest 28 rows, and per event the day's row as a map (its 50 columns, the
 * date one day after the last) predicted, then appended to the history, on one thread. Events
 * per second (ops/s).
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main HistoryScoringBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HistoryScoringBenchmark {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long START = Instant.parse("2001-01-22T00:00:00Z").toEpochMilli();

  Predictor base;
  Predictor predictor;
  History history;
  Map<String, Object>[] rows;
  long event;

  /** Trains the Chicago example's pipeline once and turns its days into request maps. */
  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() throws Exception {
    Table days = ChicagoExample.ridershipData();
    base = Predictor.of(ChicagoExample.forecast(days).result().bundle());
    history = base.newHistory(Retention.of(Duration.ofDays(91), 28));
    predictor = base.withHistory(history);
    rows = new Map[days.rowCount()];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = new HashMap<>(days.row(r).toMap());
    }
  }

  /** Closes the predictor. */
  @TearDown
  public void tearDown() {
    base.close();
  }

  /** One event: the next day's row predicted from the history, then appended to it. */
  @Benchmark
  public double appendAndPredict() {
    long i = event++;
    Map<String, Object> row = rows[(int) (i % rows.length)];
    row.put("date", Instant.ofEpochMilli(START + i * DAY));
    double value = predictor.predict(row).value();
    history.append(History.ROWS, row);
    return value;
  }
}
