package org.mlengine.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;

/**
 * Pipelines fitted once per test JVM for the report tests: classification and regression on the
 * real credit data (core's test copy of credit_data.csv), and a small three-class table. Eval
 * depends on core only, so the credit pipelines use the complete numeric columns and a random
 * forest, which needs neither imputation nor scaling.
 */
final class ReportFixtures {
  /** The credit data's categorical columns and the numeric ones with missing values. */
  private static final String[] NOT_USED = {"Home", "Marital", "Records", "Job", "Income", "Assets", "Debt"};

  private ReportFixtures() {}

  static Table credit() {
    try (InputStream in = ReportFixtures.class.getResourceAsStream("/credit_data.csv")) {
      if (in == null) {
        throw new IllegalStateException("credit_data.csv is not on the test class path; it comes from mlengine-core's test-jar");
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return Table.readCsv(reader, "credit_data.csv", CsvOptions.defaults());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Classification {
    static final PipelineResult RESULT = Pipeline.builder()
        .target("Status")
        .drop(NOT_USED)
        .split(Split.stratified(0.8))
        .trainer(Trainers.randomForest().trees(40).maxDepth(8))
        .metrics(Metrics.rocAuc(), Metrics.accuracy(), Metrics.logLoss())
        .bootstrap(200)
        .seed(42)
        .build()
        .fit(credit());
  }

  private static final class Regression {
    static final PipelineResult RESULT = Pipeline.builder()
        .target("Price")
        .drop(NOT_USED)
        .drop("Status")
        .split(Split.random(0.8))
        .trainer(Trainers.randomForest().trees(40).maxDepth(8))
        .metrics(Metrics.rmse(), Metrics.mae(), Metrics.r2())
        .bootstrap(200)
        .seed(42)
        .build()
        .fit(credit());
  }

  private static final class ThreeClasses {
    static final PipelineResult RESULT = Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.7))
        .trainer(Trainers.logisticRegression())
        .metrics(Metrics.accuracy())
        .bootstrap(100)
        .seed(7)
        .build()
        .fit(threeClasses(600, 3));
  }

  private static final class Leaky {
    static final Table TABLE = withLeaks();
    static final PipelineResult RESULT = Pipeline.builder()
        .target("Status")
        .drop(NOT_USED)
        .split(Split.stratified(0.8))
        .trainer(Trainers.randomForest().trees(20).maxDepth(6))
        .metrics(Metrics.rocAuc())
        .bootstrap(100)
        .seed(42)
        .build()
        .fit(TABLE);
  }

  private static final class Tuned {
    static final TuningResult RESULT = Tuner.halving(6)
        .param("depth", Tuner.integers(1, 8))
        .param("leaf", Tuner.uniform(1, 40))
        .metric(Metrics.rocAuc())
        .folds(3)
        .seed(3)
        .quiet()
        .fit(p -> Pipeline.builder()
            .target("Status")
            .drop(NOT_USED)
            .split(Split.stratified(0.8))
            .trainer(Trainers.cart().maxDepth(p.integer("depth")).minChildWeight(p.number("leaf")))
            .metrics(Metrics.rocAuc(), Metrics.accuracy())
            .bootstrap(100)
            .seed(42)
            .build(), credit());
  }

  /**
   * The credit data with two leaks the audit must flag: "Leak", the target as 0/1 with 2% of
   * the rows flipped, and "Id", the row number.
   */
  static Table leakyTable() {
    return Leaky.TABLE;
  }

  /** Credit, fitted on {@link #leakyTable()}. */
  static PipelineResult leaky() {
    return Leaky.RESULT;
  }

  /** Credit: successive halving over a decision tree's depth and leaf weight, ranked by ROC AUC. */
  static TuningResult tuned() {
    return Tuned.RESULT;
  }

  private static Table withLeaks() {
    Table credit = credit();
    Random random = new Random(15);
    double[] leak = new double[credit.rowCount()];
    double[] id = new double[credit.rowCount()];
    for (int r = 0; r < leak.length; r++) {
      boolean good = "good".equals(credit.string("Status", r));
      leak[r] = (random.nextDouble() < 0.02) != good ? 1 : 0;
      id[r] = r;
    }
    return credit.withNumeric("Leak", leak).withNumeric("Id", id);
  }

  /** Credit: Status (bad/good) from the complete numeric columns. */
  static PipelineResult classification() {
    return Classification.RESULT;
  }

  /** Credit: the price of the goods from the other complete numeric columns. */
  static PipelineResult regression() {
    return Regression.RESULT;
  }

  /** Three Gaussian blobs labelled a, b, c. */
  static PipelineResult threeClasses() {
    return ThreeClasses.RESULT;
  }

  private static Table threeClasses(int n, long seed) {
    Random random = new Random(seed);
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    String[] y = new String[n];
    String[] names = {"a", "b", "c"};
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      x1[i] = Math.cos(2 * Math.PI * c / 3) * 1.5 + random.nextGaussian();
      x2[i] = Math.sin(2 * Math.PI * c / 3) * 1.5 + random.nextGaussian();
      y[i] = names[c];
    }
    return Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("y", y).build();
  }
}
