package org.mlengine.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.CanaryWatch;
import org.mlengine.serving.Deployment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@link CanaryWatch} costs a request: the credit quickstart's request through a canary
 * deployment at 50% without a watch ({@code canary}, the baseline), with an observer that does
 * nothing ({@code canaryObserved}: the observer hook's own cost, two clock reads and a {@code
 * Served}) and with a watch observing it ({@code canaryWatched}: the hook plus an HdrHistogram
 * record), sampled per call so the report gives the median and p99. The watch
 * checks once an hour, so no check runs during the measurement.
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main CanaryWatchBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CanaryWatchBenchmark {
  Deployment canary;
  Deployment observed;
  Deployment watched;
  CanaryWatch watch;
  Map<String, Object> request;

  /** Trains the quickstart model once; both deployments serve it in predictors of their own. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    ModelBundle bundle = result.bundle();
    canary = Deployment.canary(Predictor.of(bundle), Predictor.of(bundle), 0.5);
    observed = Deployment.canary(Predictor.of(bundle), Predictor.of(bundle), 0.5);
    observed.observe(served -> { });
    watched = Deployment.canary(Predictor.of(bundle), Predictor.of(bundle), 0.5);
    watch = CanaryWatch.builder("bench", watched).maxErrorRate(0.01).maxLatencyP99Ratio(2)
        .checkEvery(Duration.ofHours(1)).build();
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
  }

  /** Stops the watch and closes the deployments. */
  @TearDown
  public void tearDown() {
    watch.close();
    canary.close();
    observed.close();
    watched.close();
  }

  /** A canary at 50% without a watch: the baseline. */
  @Benchmark
  public Prediction canary() {
    return canary.predict(request);
  }

  /** The same canary with an observer that does nothing: the hook's own cost (two clock reads, a Served). */
  @Benchmark
  public Prediction canaryObserved() {
    return observed.predict(request);
  }

  /** The same canary with a watch observing every request. */
  @Benchmark
  public Prediction canaryWatched() {
    return watched.predict(request);
  }
}
