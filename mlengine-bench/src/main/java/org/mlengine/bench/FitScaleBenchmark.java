package org.mlengine.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainer;
import org.mlengine.core.Trainers;
import org.mlengine.eval.Metrics;
import org.mlengine.features.Features;
import org.mlengine.runtime.Table;

/**
 * One side of the fit scale benchmark (issue #15): reads a credit-shaped CSV file (reading not
 * timed), fits one pipeline on it with {@link Pipeline#fit(Table)} and prints {@code name value}
 * lines: the whole fit's seconds ({@code fit_s}) and the CPU seconds the process spent during
 * it ({@code fit_cpu_s}: every thread, the JIT compiler's and the collector's included), each
 * phase's from {@link PipelineResult#timings()} ({@code phase.train_s} is the trainer alone),
 * the heap held at the fullest point of the fit, and the held-out ROC AUC. The script beside it, {@code
 * mlengine-bench/fit_scale.py}, writes the files and runs this and scikit-learn / xgboost
 * alternately.
 *
 * <pre>{@code
 * java -Xmx8g -XX:+UseParallelGC -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.mlengine.bench.FitScaleBenchmark credit_100000.csv forest 100
 * java -cp ... org.mlengine.bench.FitScaleBenchmark credit_10000.csv logistic 100 10   # ten warm-up fits
 * java -cp ... org.mlengine.bench.FitScaleBenchmark credit_100000.csv held-out rows.txt   # the held-out rows, one index a line
 * }</pre>
 *
 * <p>Every operation fits the same steps: one-hot encoding of the categorical columns, mean
 * imputation of the numeric ones (and standardization for the logistic regression), a stratified
 * 80/20 split with seed 42, ROC AUC with the pipeline's default evaluation. Before the timed fit,
 * the same pipeline is fitted once (or WARMUPS times) on at most 10,000 of the rows, so the timed
 * fit runs as a service's second (or later) fit would. One warm-up fit leaves most of a small fit
 * interpreted: a loop that runs once a fit over 10,000 rows is compiled only after about six
 * fits (HotSpot compiles a loop in an interpreted method after ~60,000 iterations), so a
 * 10,000-row fit after one warm-up is mostly the JIT's warm-up, not the library's work. {@code fit_peak_bytes} is the largest heap left after any
 * collection during the timed fit, less the heap before it (the table included): an upper bound,
 * as in {@link CsvScaleBenchmark}.
 */
public final class FitScaleBenchmark {
  /** The operations, as {@code fit_scale.py --ops} names them. */
  static final List<String> OPERATIONS = List.of("logistic", "cart", "forest", "xgboost");

  private static final String TARGET = "Status";
  private static final String[] CATEGORICAL = {"Home", "Marital", "Records", "Job"};
  private static final String[] NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};
  private static final int WARM_UP_ROWS = 10_000;
  private static final Split SPLIT = Split.stratified(0.8);
  private static final long SEED = 42;

  private FitScaleBenchmark() {}

  /**
   * {@code args[0]}: the CSV file; {@code args[1]}: the operation (logistic, cart, forest or
   * xgboost); {@code args[2]}: the forest's trees (default 100); {@code args[3]}: the warm-up fits
   * before the timed one (default 1). Or {@code args[1]} {@code
   * held-out} and {@code args[2]} a file to write the rows every operation's fit holds out (row
   * indices of the CSV file, one a line), so that the peer trains and scores on the same rows.
   */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length == 3 && args[1].equals("held-out")) {
      Table table = Table.readCsv(Path.of(args[0]));
      int[] heldOut = SPLIT.partition(table, TARGET, SEED).test().toArray();
      java.nio.file.Files.write(Path.of(args[2]), Arrays.stream(heldOut).mapToObj(Integer::toString).toList());
      return;
    }
    if (args.length < 2 || !OPERATIONS.contains(args[1])) {
      throw new IllegalArgumentException("FitScaleBenchmark takes a CSV file, an operation (one of " + String.join(", ", OPERATIONS)
          + ") and optionally the forest's trees; got " + Arrays.toString(args) + ". Run it through mlengine-bench/fit_scale.py,"
          + " or e.g. FitScaleBenchmark credit_100000.csv forest 100");
    }
    int warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    if (warmUps < 0) {
      throw new IllegalArgumentException("FitScaleBenchmark's warm-up fits (the fourth argument) is " + warmUps
          + "; give 0 or more, e.g. 1 (a service's second fit) or 10 (a warm JVM)");
    }
    run(Table.readCsv(Path.of(args[0])), args[1], args.length > 2 ? Integer.parseInt(args[2]) : 100, warmUps, System.out);
  }

  static void run(Table table, String operation, int trees, int warmUps, PrintStream out) {
    Pipeline pipeline = pipeline(operation, trees);
    warmUp(pipeline, table, warmUps);
    AtomicLong afterGc = new AtomicLong();
    CsvScaleBenchmark.listen(afterGc);
    long before = CsvScaleBenchmark.fullGc();
    afterGc.set(0);
    long startCpu = processCpuNanos();
    long start = System.nanoTime();
    PipelineResult result = pipeline.fit(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - startCpu) / 1e9;
    long peak = Math.max(afterGc.get(), CsvScaleBenchmark.usedHeap()) - before;
    if (!result.partition().test().equals(SPLIT.partition(table, TARGET, SEED).test())) {
      throw new IllegalStateException("the fit held out other rows than 'held-out' writes: the peer would score other rows");
    }
    CsvScaleBenchmark.print(out, "rows", table.rowCount());
    CsvScaleBenchmark.print(out, "fit_s", seconds);
    CsvScaleBenchmark.print(out, "fit_cpu_s", cpuSeconds);
    for (String phase : List.of("checks", "split", "fingerprint", "profile", "audit", "features", "train", "evaluate", "bundle")) {
      CsvScaleBenchmark.print(out, "phase." + phase + "_s", result.timings().getOrDefault(phase, Duration.ZERO).toNanos() / 1e9);
    }
    CsvScaleBenchmark.print(out, "fit_peak_bytes", peak);
    CsvScaleBenchmark.print(out, "auc", result.metrics().get("roc_auc"));
  }

  /** Fits {@code pipeline} {@code times} times on the first (at most) 10,000 rows of {@code table}. */
  private static void warmUp(Pipeline pipeline, Table table, int times) {
    Table rows = table.rows(IntStream.range(0, Math.min(WARM_UP_ROWS, table.rowCount())).toArray());
    for (int i = 0; i < times; i++) {
      pipeline.fit(rows);
    }
  }

  /** The CPU time of every thread of this process so far (the JIT's and the collector's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The pipeline of one operation: the same steps for the trees, standardization for the linear model. */
  static Pipeline pipeline(String operation, int trees) {
    Pipeline.Builder b = Pipeline.builder().target(TARGET).split(SPLIT)
        .add(Features.oneHot(CATEGORICAL))
        .add(Features.impute(NUMERIC));
    if (operation.equals("logistic")) {
      b.add(Features.standardize(NUMERIC));
    }
    return b.trainer(trainer(operation, trees)).metrics(Metrics.rocAuc()).seed(SEED).build();
  }

  private static Trainer trainer(String operation, int trees) {
    return switch (operation) {
      case "logistic" -> Trainers.logisticRegression();
      case "cart" -> Trainers.cart().maxDepth(8).minChildWeight(5);
      case "forest" -> Trainers.randomForest().trees(trees);
      case "xgboost" -> Trainers.xgboost();
      default -> throw new IllegalArgumentException("operation '" + operation + "' is not one of " + OPERATIONS);
    };
  }
}
