package org.mlengine.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.features.Features;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of a window step over a whole table: 200,000 rows in 4 series, the last W rows'
 * mean, std, median and max, for W from 10 to 10,000. The cost per row should not grow with W
 * (the window slides; the median's Fenwick tree costs O(log U) for U distinct values).
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main WindowBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowBenchmark {
  /** The rows in the table. */
  static final int ROWS = 200_000;

  /** The window's size in rows. */
  @Param({"10", "100", "1000", "10000"})
  public int window;

  EventTransform step;
  Table table;

  /** Builds the table (seeded) and the fitted step. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    String[] entity = new String[ROWS];
    Instant[] time = new Instant[ROWS];
    double[] value = new double[ROWS];
    double[] target = new double[ROWS];
    Instant start = Instant.parse("2020-01-01T00:00:00Z");
    for (int r = 0; r < ROWS; r++) {
      entity[r] = "s" + (r % 4);
      time[r] = start.plus(Duration.ofMinutes(r / 4));
      value[r] = Math.round(random.nextGaussian() * 1000) / 10.0;
      target[r] = random.nextDouble();
    }
    table = Table.builder().categorical("entity", entity).timestamp("time", time).numeric("value", value)
        .numeric("y", target).build();
    step = Features.window("value").by("entity").orderedBy("time").last(window).mean().std().median().max()
        .fit(FitContext.of(table, "y", Split.timeOrdered("time", 0.8), 1));
  }

  /** The step over all 200,000 rows. */
  @Benchmark
  public Table slide() {
    return step.apply(table);
  }
}
