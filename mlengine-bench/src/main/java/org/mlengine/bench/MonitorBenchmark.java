package org.mlengine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the {@link Monitor}'s cost: a single deployment's predict with and without
 * a monitor observing it (sampled per call: median and p99; the goal is at two threads of load),
 * and ingestion, requests recorded and flushed through the monitor's sketches:
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main 'MonitorBenchmark.(single|monitored)$' -t 2
 * java -cp ... org.openjdk.jmh.Main 'MonitorBenchmark.ingest$'
 * }</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MonitorBenchmark {
  /** Requests per {@link #ingest} invocation. */
  static final int BATCH = 100_000;

  Deployment single;
  Deployment monitored;
  Monitor monitor;
  Monitor ingesting;
  int columns;
  Map<String, Object> request;
  List<Map<String, Object>> requests;
  List<Prediction> answers;

  /** Trains the quickstart model once; draws the ingestion's requests from the credit data. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    ModelBundle bundle = result.bundle();
    single = Deployment.single(Predictor.of(bundle));
    monitored = Deployment.single(Predictor.of(bundle));
    monitor = Monitor.builder(bundle).build();
    monitored.observe(monitor);
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
    ingesting = Monitor.builder(bundle).queue(BATCH).build();
    columns = bundle.inputSchema().names().size();
    requests = new ArrayList<>();
    answers = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    try (Predictor p = Predictor.of(bundle)) {
      for (int i = 0; i < 4096; i++) {
        Map<String, Object> r = new HashMap<>(credit.row(random.nextInt(credit.rowCount())).toMap());
        r.remove("Status");
        requests.add(r);
        answers.add(p.predict(r));
      }
    }
  }

  /** Closes the deployments and monitors. */
  @TearDown
  public void tearDown() {
    single.close();
    monitored.close();
    monitor.close();
    ingesting.close();
  }

  /** A single deployment, nobody observing: the baseline. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Prediction single() {
    return single.predict(request);
  }

  /** The same with a monitor observing (its queue and thread included). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Prediction monitored() {
    return monitored.predict(request);
  }

  /** Counts what the ingestion dropped, to be sure it measured the sketches and not the drops. */
  @TearDown(Level.Iteration)
  public void checkNoDrops() {
    if (ingesting.dropped() > 0) {
      throw new IllegalStateException("the ingestion dropped " + ingesting.dropped() + " requests; its figure is void");
    }
  }

  /**
   * {@value #BATCH} requests recorded and flushed: the time per request of copying the monitored
   * values, the hand-off and the sketches' updates (all columns and the answer). Divide by the
   * number of input columns for the time per observation.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(BATCH)
  public long ingest() throws InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      int r = i & 4095;
      ingesting.record(requests.get(r), answers.get(r), 1000);
    }
    if (!ingesting.flush(Duration.ofMinutes(1))) {
      throw new IllegalStateException("the monitor did not drain in a minute");
    }
    return ingesting.processed();
  }
}
