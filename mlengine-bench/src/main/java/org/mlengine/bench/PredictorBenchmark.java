package org.mlengine.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Table;
import org.mlengine.examples.Quickstart;
import org.mlengine.serving.Prediction;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the credit quickstart's predictor: one request as a map, and the whole
 * table as a batch. Run with the GC profiler to see the allocation per prediction:
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main PredictorBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictorBenchmark {
  Predictor predictor;
  Map<String, Object> request;
  Table batch;

  /** Trains the quickstart model once. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    predictor = Predictor.of(result.bundle());
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
    batch = credit.drop("Status");
  }

  /** One request given as a map. */
  @Benchmark
  public Prediction singleRow() {
    return predictor.predict(request);
  }

  /** All 4454 applicants in one call. */
  @Benchmark
  public List<Prediction> batch() {
    return predictor.predictAll(batch);
  }
}
