package org.mlengine.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>The ingestion also prints its monitor thread's CPU time per observation, the figure for
 * the goal of a million observations a second per core.
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
  Map<String, Object> request;

  /** Trains the quickstart model once; one deployment alone, one with a monitor observing. */
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
  }

  /** Closes the deployments and the monitor. */
  @TearDown
  public void tearDown() {
    single.close();
    monitored.close();
    monitor.close();
  }

  /**
   * The ingestion's monitor and the CPU time its thread spends: on a loaded machine the wall
   * time per request measures the scheduler as much as the sketches, the thread's CPU time does
   * not. JMH makes one for the benchmark.
   *
   * <pre>{@code
   * in.monitor.record(in.requests.get(r), in.answers.get(r), 1000);
   * }</pre>
   */
  @State(Scope.Benchmark)
  public static class Ingest {
    Monitor monitor;
    int columns;
    List<Map<String, Object>> requests = new ArrayList<>();
    List<Prediction> answers = new ArrayList<>();
    Thread thread;
    long cpuStart;
    long processedStart;

    /** Draws 4,096 credit requests and their answers. */
    @Setup
    public void setUp() throws Exception {
      Table credit = Quickstart.creditData();
      ModelBundle bundle = Quickstart.train(credit).bundle();
      java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
      monitor = Monitor.builder(bundle).queue(BATCH).build();
      columns = bundle.inputSchema().names().size();
      SplittableRandom random = new SplittableRandom(42);
      try (Predictor p = Predictor.of(bundle)) {
        for (int i = 0; i < 4096; i++) {
          Map<String, Object> r = new HashMap<>(credit.row(random.nextInt(credit.rowCount())).toMap());
          r.remove("Status");
          requests.add(r);
          answers.add(p.predict(r));
        }
      }
      thread = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("mlengine-monitor") && !before.contains(t)).findFirst().orElseThrow();
    }

    /** Starts the iteration's CPU count. */
    @Setup(Level.Iteration)
    public void startCount() {
      cpuStart = ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
      processedStart = monitor.processed();
    }

    /** Prints the monitor thread's CPU time per request and per observation (one column's value); checks nothing was dropped. */
    @TearDown(Level.Iteration)
    public void report() {
      if (monitor.dropped() > 0) {
        throw new IllegalStateException("the ingestion dropped " + monitor.dropped() + " requests; its figure is void");
      }
      double cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId()) - cpuStart;
      long requests = monitor.processed() - processedStart;
      System.out.printf(Locale.ROOT, "  [monitor thread CPU: %.1f ns a request, %.1f ns an observation (%d columns + the answer): %.2fM observations/s a core]%n",
          cpu / requests, cpu / requests / (columns + 1), columns, requests * (columns + 1) / cpu * 1e3);
    }

    /** Stops the monitor. */
    @TearDown
    public void tearDown() {
      monitor.close();
    }
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

  /**
   * {@value #BATCH} requests recorded and flushed: the time per request of copying the monitored
   * values, the hand-off and the sketches' updates (all columns and the answer). Divide by the
   * number of input columns for the time per observation.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(BATCH)
  public long ingest(Ingest in) throws InterruptedException {
    for (int i = 0; i < BATCH; i++) {
      int r = i & 4095;
      in.monitor.record(in.requests.get(r), in.answers.get(r), 1000);
    }
    if (!in.monitor.flush(Duration.ofMinutes(1))) {
      throw new IllegalStateException("the monitor did not drain in a minute");
    }
    return in.monitor.processed();
  }
}
