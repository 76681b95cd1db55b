package org.mlengine.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.types.StructType;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * The throughput benchmark of issue #19 (a runner, not a test): the golden credit bundle scores
 * the shipped credit rows repeated to about a million, in process ({@code predictAll} on one
 * thread, batches of 4096 as the Spark scorer makes them) and in Spark ({@code local[N]}, the
 * Dataset cached first, the output written to Spark's {@code noop} sink so every row is scored),
 * alternately, and prints the medians as {@code name value} lines. The cached Dataset's plan
 * makes column batches, so {@code score} takes the columnar path; the same scorer on Spark's
 * internal rows (the path before it, {@code withoutColumnarBatches}) runs in the same rounds.
 * Two further Spark passes say where the overhead goes: reading the cached rows alone, and the
 * same rows through a mapPartitions that appends constant prediction columns (Spark's row
 * conversion without scoring).
 *
 * <pre>{@code
 * java <Spark's --add-opens> -cp ... org.mlengine.spark.SparkThroughput [copies=225] [rounds=5] [threads=1] [cache|parquet|spark-only]
 * }</pre>
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  public static void main(String[] args) {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 225;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("mlengine-spark throughput")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(threads))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {   // Spark's threads are not daemons: stopped whatever happens, so the JVM ends
      String mode = args.length > 3 ? args[3] : "cache";
      measure(spark, copies, rounds, threads, mode.equals("spark-only"), mode.equals("parquet"));
    } finally {
      spark.stop();
    }
  }

  private static void measure(SparkSession spark, int copies, int rounds, int threads, boolean sparkOnly, boolean parquet) {
    ModelBundle bundle = LocalSpark.golden("credit-logistic.mlb");
    Table credit = LocalSpark.credit();
    int[] rows = new int[credit.rowCount() * copies];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = r % credit.rowCount();
    }
    Table big = credit.rows(rows);
    Dataset<Row> inMemory = LocalSpark.dataset(credit).crossJoin(spark.range(copies)).drop("id")
        .repartition(Math.max(2, 2 * threads)).cache();
    long n = inMemory.count();
    // Parquet: the same rows from files, read anew each pass by Spark's vectorized reader.
    Dataset<Row> cached = parquet ? parquetCopy(spark, inMemory) : inMemory;
    System.out.printf("rows %d%nspark_threads %d%n", n, threads);
    Predictor predictor = Predictor.of(bundle);
    SparkScorer scorer = MlengineSpark.scorer(bundle);
    if (sparkOnly) {   // for a profiler: Spark's score alone
      for (int round = 0; round < rounds; round++) {
        System.out.printf("spark score %.0f rows/s%n",
            rowsPerSecond(n, () -> scorer.score(cached).write().format("noop").mode("overwrite").save()));
      }
      return;
    }
    SparkScorer rowScorer = scorer.withoutColumnarBatches();
    System.out.printf("columnar_plan %s%n", ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) cached).isPresent());
    double[] inProcess = new double[rounds];
    double[] inSpark = new double[rounds];
    double[] inSparkRows = new double[rounds];
    double[] scan = new double[rounds];
    double[] convert = new double[rounds];
    for (int round = -1; round < rounds; round++) {   // round -1 warms them all up
      double a = rowsPerSecond(n, () -> predictInBatches(predictor, big, SparkScorer.DEFAULT_BATCH_ROWS));
      double b = rowsPerSecond(n, () -> scorer.score(cached).write().format("noop").mode("overwrite").save());
      double e = rowsPerSecond(n, () -> rowScorer.score(cached).write().format("noop").mode("overwrite").save());
      double c = rowsPerSecond(n, () -> cached.write().format("noop").mode("overwrite").save());
      double d = rowsPerSecond(n, () -> constantColumns(cached, scorer).write().format("noop").mode("overwrite").save());
      if (round >= 0) {
        inProcess[round] = a;
        inSpark[round] = b;
        inSparkRows[round] = e;
        scan[round] = c;
        convert[round] = d;
      }
      System.out.printf("round %d: in-process %.0f rows/s, spark score %.0f (on rows %.0f), spark scan %.0f, spark convert %.0f;"
          + " ratios %.3f (on rows %.3f)%n", round, a, b, e, c, d, b / threads / a, e / threads / a);
    }
    double process = median(inProcess);
    double sparkScore = median(inSpark);
    System.out.printf("in_process_rows_per_s_1_thread %.0f%n", process);
    System.out.printf("spark_score_rows_per_s %.0f%n", sparkScore);
    System.out.printf("spark_score_rows_per_s_per_core %.0f%n", sparkScore / threads);
    System.out.printf("spark_score_on_rows_rows_per_s %.0f%n", median(inSparkRows));
    System.out.printf("spark_scan_rows_per_s %.0f%n", median(scan));
    System.out.printf("spark_convert_rows_per_s %.0f%n", median(convert));
    System.out.printf("ratio_per_core %.3f%n", sparkScore / threads / process);
    System.out.printf("ratio_per_core_on_rows %.3f%n", median(inSparkRows) / threads / process);
  }

  /** The rows written to Parquet files in a temporary folder (deleted when the JVM ends) and read back, uncached. */
  private static Dataset<Row> parquetCopy(SparkSession spark, Dataset<Row> rows) {
    try {
      java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("mlengine-spark-bench");
      String path = folder.resolve("credit.parquet").toString();
      rows.write().parquet(path);
      rows.unpersist(true);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var files = java.nio.file.Files.walk(folder)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
          // a leftover temporary folder is harmless
        }
      }));
      System.out.printf("source parquet %s%n", path);
      return spark.read().parquet(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void predictInBatches(Predictor predictor, Table table, int batch) {
    for (int from = 0; from < table.rowCount(); from += batch) {
      int first = from;
      int[] rows = new int[Math.min(table.rowCount(), from + batch) - from];
      Arrays.setAll(rows, i -> first + i);
      predictor.predictAll(table.rows(rows));
    }
  }

  /** The scorer's output rows with constant predictions: Spark's row conversion and nothing else. */
  private static Dataset<Row> constantColumns(Dataset<Row> rows, SparkScorer scorer) {
    StructType out = scorer.outputSchema(rows.schema());
    int width = rows.schema().fields().length;
    MapPartitionsFunction<Row, Row> constant = it -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        Row row = it.next();
        Object[] values = new Object[width + 3];
        for (int i = 0; i < width; i++) {
          values[i] = row.get(i);
        }
        values[width] = "good";
        values[width + 1] = 0.25;
        values[width + 2] = 0.75;
        return RowFactory.create(values);
      }
    };
    return rows.mapPartitions(constant, Encoders.row(out));
  }

  private static double rowsPerSecond(long rows, Runnable run) {
    long start = System.nanoTime();
    run.run();
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    List<Double> sorted = new ArrayList<>();
    for (double v : values) {
      sorted.add(v);
    }
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
