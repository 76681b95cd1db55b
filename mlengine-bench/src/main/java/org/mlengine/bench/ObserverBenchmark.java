package org.mlengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.PredictionLog;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #18's overhead goal at saturation: the credit quickstart's single-row request through a
 * single-model deployment with no observer ({@code none}, the baseline), with a {@link Monitor},
 * with a {@link PredictionLog} of every request, and with both; sampled per call (median, p99),
 * closed loop, meant for {@code -t 2}. With {@code -prof gc} the allocation per call of each
 * configuration shows what the observers add on the request's thread. The open-loop side, at a
 * fixed rate, is {@link OpenLoopOverhead}.
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main ObserverBenchmark -t 2 -prof gc
 * }</pre>
 *
 * <p>At the end of each fork it prints how many requests the monitor took and dropped and how
 * many records the log wrote and dropped: at saturation both fall behind two load threads on two
 * cores, and a dropped request costs less than a taken one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ObserverBenchmark {
  /** Which observers the deployment has ({@code noop}: one that does nothing, the hook's own cost). */
  @Param({"none", "noop", "monitor", "log", "both"})
  public String observers;

  Deployment deployment;
  Monitor monitor;
  PredictionLog log;
  Path dir;
  Map<String, Object> request;

  /** Trains the quickstart model, deploys it and attaches the configuration's observers. */
  @Setup
  public void setUp() throws Exception {
    OverheadFixture f = OverheadFixture.make();
    request = f.request();
    dir = Files.createTempDirectory("observer-bench-");
    deployment = f.deployment(observers, dir);
    monitor = f.monitor();
    log = f.log();
  }

  /** Closes everything, prints what the observers took and dropped, deletes the log's files. */
  @TearDown
  public void tearDown() throws IOException {
    deployment.close();
    System.out.println();
    if (monitor != null) {
      monitor.close();
      System.out.println("  " + monitor);
    }
    if (log != null) {
      log.close();
      System.out.println("  " + log);
    }
    OverheadFixture.deleteTree(dir);
  }

  /**
   * A load thread's own allocation: JMH's {@code -prof gc} counts every thread's, the observers'
   * threads included; this counts the request's thread alone and prints it per call after each
   * iteration. JMH makes one per load thread.
   *
   * <pre>{@code
   * [request thread: 184.0 B a call]
   * }</pre>
   */
  @State(Scope.Thread)
  public static class Allocation {
    long calls;
    long start;

    /** Starts the count. */
    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void start() {
      calls = 0;
      start = bytes();
    }

    /** Prints this thread's bytes per call. */
    @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
    public void report() {
      System.out.printf(java.util.Locale.ROOT, " [request thread: %.1f B a call]", (double) (bytes() - start) / calls);
    }

    private static long bytes() {
      return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
          .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
  }

  /** One single-row predict through the deployment. */
  @Benchmark
  public Prediction predict(Allocation allocation) {
    allocation.calls++;
    return deployment.predict(request);
  }
}
