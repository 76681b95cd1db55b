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
 * makes column batches only with {@code columns} (below), where {@code score} takes the columnar
 * path; the same scorer on Spark's internal rows ({@code withoutColumnarBatches}) runs in the same rounds.
 * Two further Spark passes say where the overhead goes: reading the cached rows alone, and the
 * same rows through a mapPartitions that appends constant prediction columns (Spark's row
 * conversion without scoring). Each pass is timed in wall time and in the process's CPU time
 * (all threads: Spark's, the JIT's and the collector's), the second the fairer per-core figure
 * on a busy machine.
 *
 * <p>Sources: {@code cache} is Spark's own cache (rows: the credit data has string columns),
 * {@code columns} the same cache kept by {@link ColumnarCacheSerializer} (column batches),
 * {@code parquet} the rows written to Parquet once and read anew each pass, {@code spark-only}
 * Spark's score alone on the {@code columns} cache (for a profiler).
 *
 * <pre>{@code
 * java <Spark's --add-opens> -cp ... org.mlengine.spark.SparkThroughput [copies=225] [rounds=5] [threads=1] [cache|columns|parquet|spark-only]
 * }</pre>
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  public static void main(String[] args) {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 225;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String mode = args.length > 3 ? args[3] : "cache";
    SparkSession.Builder builder = SparkSession.builder().master("local[" + threads + "]").appName("mlengine-spark throughput")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(threads))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    if (mode.equals("columns") || mode.equals("spark-only")) {
      builder.config("spark.sql.cache.serializer", ColumnarCacheSerializer.class.getName());
    }
    SparkSession spark = builder.getOrCreate();
    try {   // Spark's threads are not daemons: stopped whatever happens, so the JVM ends
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
            rowsPerSecond(n, () -> scorer.score(cached).write().format("noop").mode("overwrite").save())[0]);
      }
      return;
    }
    SparkScorer rowScorer = scorer.withoutColumnarBatches();
    System.out.printf("columnar_plan %s%n", ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) cached).isPresent());
    String[] names = {"in_process_1_thread", "spark_score", "spark_score_on_rows", "spark_scan", "spark_convert"};
    List<Runnable> passes = List.of(
        () -> predictInBatches(predictor, big, SparkScorer.DEFAULT_BATCH_ROWS),
        () -> scorer.score(cached).write().format("noop").mode("overwrite").save(),
        () -> rowScorer.score(cached).write().format("noop").mode("overwrite").save(),
        () -> cached.write().format("noop").mode("overwrite").save(),
        () -> constantColumns(cached, scorer).write().format("noop").mode("overwrite").save());
    double[][] wall = new double[passes.size()][rounds];
    double[][] cpu = new double[passes.size()][rounds];
    for (int round = -1; round < rounds; round++) {   // round -1 warms them all up
      StringBuilder line = new StringBuilder("round " + round + " (wall / cpu rows/s):");
      for (int p = 0; p < passes.size(); p++) {
        double[] rate = rowsPerSecond(n, passes.get(p));
        if (round >= 0) {
          wall[p][round] = rate[0];
          cpu[p][round] = rate[1];
        }
        line.append(String.format(" %s %.0f / %.0f;", names[p], rate[0], rate[1]));
      }
      if (round >= 0) {
        line.append(String.format(" ratios per core wall %.3f (on rows %.3f), cpu %.3f (on rows %.3f)", wall[1][round] / threads / wall[0][round],
            wall[2][round] / threads / wall[0][round], cpu[1][round] / cpu[0][round], cpu[2][round] / cpu[0][round]));
      }
      System.out.println(line);
    }
    for (int p = 0; p < passes.size(); p++) {
      System.out.printf("%s_rows_per_s %.0f%n%s_rows_per_cpu_s %.0f%n", names[p], median(wall[p]), names[p], median(cpu[p]));
    }
    // Per round, then the median: a round's passes ran under the same load.
    double[] perCore = new double[rounds];
    double[] perCoreRows = new double[rounds];
    double[] perCpu = new double[rounds];
    double[] perCpuRows = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      perCore[r] = wall[1][r] / threads / wall[0][r];
      perCoreRows[r] = wall[2][r] / threads / wall[0][r];
      perCpu[r] = cpu[1][r] / cpu[0][r];
      perCpuRows[r] = cpu[2][r] / cpu[0][r];
    }
    System.out.printf("ratio_per_core %.3f%nratio_per_core_on_rows %.3f%n", median(perCore), median(perCoreRows));
    System.out.printf("ratio_per_cpu_s %.3f%nratio_per_cpu_s_on_rows %.3f%n", median(perCpu), median(perCpuRows));
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

  /** Rows per second of wall time and per second of the process's CPU time. */
  private static double[] rowsPerSecond(long rows, Runnable run) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    run.run();
    long wall = System.nanoTime() - start;
    return new double[] {rows / (wall / 1e9), rows / ((os.getProcessCpuTime() - cpu) / 1e9)};
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
