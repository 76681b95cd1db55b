package org.mlengine.bench;

import java.io.PrintStream;
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
 * lines: the whole fit's seconds ({@code fit_s}), each phase's from {@link
 * PipelineResult#timings()} ({@code phase.train_s} is the trainer alone), the heap held at the
 * fullest point of the fit, and the held-out ROC AUC. The script beside it, {@code
 * mlengine-bench/fit_scale.py}, writes the files and runs this and scikit-learn / xgboost
 * alternately.
 *
 * <pre>{@code
 * java -Xmx8g -XX:+UseParallelGC -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.mlengine.bench.FitScaleBenchmark credit_100000.csv forest 100
 * java -cp ... org.mlengine.bench.FitScaleBenchmark credit_100000.csv held-out rows.txt   # the held-out rows, one index a line
 * }</pre>
 *
 * <p>Every operation fits the same steps: one-hot encoding of the categorical columns, mean
 * imputation of the numeric ones (and standardization for the logistic regression), a stratified
 * 80/20 split with seed 42, ROC AUC with the pipeline's default evaluation. Before the timed fit,
 * the same pipeline is fitted once on at most 10,000 of the rows, so the timed fit runs compiled
 * code as a service's second fit would. {@code fit_peak_bytes} is the largest heap left after any
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
   * xgboost); {@code args[2]}: the forest's trees (default 100). Or {@code args[1]} {@code
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
    run(Table.readCsv(Path.of(args[0])), args[1], args.length > 2 ? Integer.parseInt(args[2]) : 100, System.out);
  }

  static void run(Table table, String operation, int trees, PrintStream out) {
    Pipeline pipeline = pipeline(operation, trees);
    pipeline.fit(table.rows(IntStream.range(0, Math.min(WARM_UP_ROWS, table.rowCount())).toArray()));
    AtomicLong afterGc = new AtomicLong();
    CsvScaleBenchmark.listen(afterGc);
    long before = CsvScaleBenchmark.fullGc();
    afterGc.set(0);
    long start = System.nanoTime();
    PipelineResult result = pipeline.fit(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = Math.max(afterGc.get(), CsvScaleBenchmark.usedHeap()) - before;
    if (!result.partition().test().equals(SPLIT.partition(table, TARGET, SEED).test())) {
      throw new IllegalStateException("the fit held out other rows than 'held-out' writes: the peer would score other rows");
    }
    CsvScaleBenchmark.print(out, "rows", table.rowCount());
    CsvScaleBenchmark.print(out, "fit_s", seconds);
    for (String phase : List.of("checks", "split", "fingerprint", "profile", "audit", "features", "train", "evaluate", "bundle")) {
      CsvScaleBenchmark.print(out, "phase." + phase + "_s", result.timings().getOrDefault(phase, Duration.ZERO).toNanos() / 1e9);
    }
    CsvScaleBenchmark.print(out, "fit_peak_bytes", peak);
    CsvScaleBenchmark.print(out, "auc", result.metrics().get("roc_auc"));
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
