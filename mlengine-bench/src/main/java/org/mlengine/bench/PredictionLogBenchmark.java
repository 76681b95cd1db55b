package org.mlengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlengine.core.PipelineResult;
import org.mlengine.examples.Quickstart;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.PredictionLog;
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
 * JMH benchmark of what a {@link PredictionLog} adds to a single-row predict: the credit
 * quickstart's request through a single-model deployment without a log ({@code single}, the
 * baseline), with a log of every request ({@code logged}: the inputs copied and queued, the
 * JSON written by the log's thread), and with a log of a tenth ({@code loggedTenth}). Sampled
 * per call for the median and p99; issue #18's goal is at most +10% at p50 and +20% at p99
 * under two threads. The log writes to a temporary directory, deleted at the end; the records
 * it dropped (queue full: the writer behind) are printed, since a dropped record costs less
 * than a written one.
 *
 * <pre>{@code
 * java -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.openjdk.jmh.Main PredictionLogBenchmark -t 1
 * java -cp ... org.openjdk.jmh.Main PredictionLogBenchmark -t 2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class PredictionLogBenchmark {
  Deployment single;
  Deployment logged;
  Deployment loggedTenth;
  PredictionLog log;
  PredictionLog tenthLog;
  Path dir;
  Map<String, Object> request;

  /** Trains the quickstart model once; each deployment serves it in a predictor of its own. */
  @Setup
  public void setUp() throws Exception {
    Table credit = Quickstart.creditData();
    PipelineResult result = Quickstart.train(credit);
    ModelBundle bundle = result.bundle();
    dir = Files.createTempDirectory("prediction-log-bench-");
    single = Deployment.single(Predictor.of(bundle));
    logged = Deployment.single(Predictor.of(bundle));
    log = PredictionLog.builder(dir.resolve("all")).build();
    logged.observe(log);
    loggedTenth = Deployment.single(Predictor.of(bundle));
    tenthLog = PredictionLog.builder(dir.resolve("tenth")).sample(0.1).build();
    loggedTenth.observe(tenthLog);
    request = new HashMap<>(credit.row(result.partition().test().get(0)).toMap());
    request.remove("Status");
  }

  /** Closes the deployments and the logs, prints what the logs wrote and dropped, deletes the files. */
  @TearDown
  public void tearDown() throws IOException {
    for (Deployment d : new Deployment[] {single, logged, loggedTenth}) {
      d.close();
    }
    log.close();
    tenthLog.close();
    System.out.println(log + "; " + tenthLog);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** No log: the baseline. */
  @Benchmark
  public Prediction single() {
    return single.predict(request);
  }

  /** Every request logged. */
  @Benchmark
  public Prediction logged() {
    return logged.predict(request);
  }

  /** A tenth of the requests logged (by the request id's hash). */
  @Benchmark
  public Prediction loggedTenth() {
    return loggedTenth.predict(request);
  }
}
