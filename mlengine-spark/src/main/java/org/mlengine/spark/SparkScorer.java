package org.mlengine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.ModelBundle;

/**
 * One bundle's scorer for Spark Datasets: immutable, {@link #withBatchRows(int)} returns a
 * changed copy. Made by {@link MlengineSpark#scorer(ModelBundle)}.
 *
 * <pre>{@code
 * SparkScorer scorer = MlengineSpark.scorer(ModelBundle.load(Path.of("credit.mlb"))).withBatchRows(8192);
 * System.out.println(scorer.outputColumns());        // [label, p_bad, p_good]
 * Dataset<Row> scored = scorer.score(applicants);    // applicants' columns, then those three
 * }</pre>
 *
 * <p><b>Columns.</b> Every column of the bundle's input schema must be in the Dataset, by its
 * exact name, with a Spark type that holds the bundle's type: NUMERIC from any numeric type;
 * CATEGORICAL from string, a whole number type or boolean; TEXT from string; TIMESTAMP from
 * timestamp, timestamp_ntz (its wall time read as UTC) or date (midnight UTC). Nulls, and NaN
 * numbers, are missing values, handled as the bundle's steps say; an empty category is missing,
 * as in a request. Other columns are passed through untouched. A mismatch fails before any job
 * runs, listing every problem with the cast or rename that fixes it; a value the bundle refuses
 * while scoring (an infinite number, a category a step's policy rejects) fails the task with the
 * bundle's message, the column and where the row was.
 *
 * <p><b>Rows.</b> In a classic session a bundle without window steps is scored on Spark's
 * internal rows: values are read in Spark's own forms into the batch's columns and the output
 * rows are the input rows with the predictions joined on, so no external {@code Row} is made
 * (about twice the throughput, see RESULTS.md). Where the Dataset's plan makes column batches
 * (Parquet or ORC read by Spark's vectorized readers, a Dataset cached in a session whose cache
 * is kept by {@link ColumnarCacheSerializer}, or by Spark's own cache when every column is a
 * number or a boolean) they are read
 * instead, column by column, and handed on with the prediction columns beside them, so no row is
 * copied or joined either; a {@code predictAll} call then takes at most {@link #batchRows()} rows
 * of one column batch. A Spark Connect Dataset, and a window bundle's groups, go through {@code
 * Row} objects; all paths read every value alike.
 *
 * <p><b>Window steps.</b> A bundle whose window steps read each row's past (the Chicago
 * ridership bundle) is scored per entity: the rows are numbered in the Dataset's order, grouped
 * by the windows' entity column (all in one group for a single series, or when windows use
 * different entities) and each group is scored as one table, the library's window engine
 * ordering it by time, so each row's window values are the ones {@code Predictor.predictAll}
 * computes over the whole table on one machine. The Dataset must then carry the windows' value
 * columns too (the target, when a window averages its past), and one entity's rows must fit in an
 * executor's memory; the output comes grouped by entity, not in the input's order.
 *
 * <p><b>Rows at the same instant.</b> Rows of one entity with equal timestamps are taken in the
 * Dataset's order, which is the order of its partitions and of the rows within each, as
 * {@code functions.monotonically_increasing_id()} numbers them when the job runs. That order is
 * the same on every run only when the Dataset fixes it: read from files without a shuffle, or
 * after an {@code orderBy}. After a shuffle ({@code repartition}, a join, a {@code groupBy}) or
 * when Spark retries a stage, such ties can arrive in another order, and a window that counts or
 * averages the earlier rows then gives a tie another value than on the previous run. For
 * repeatable answers sort first by a column that breaks the ties, e.g. {@code
 * scorer.score(rows.orderBy("store", "date", "receipt_id"))}, or give every row of an entity its own
 * timestamp. The same holds for one key's events of equal timestamp in {@link #withEvents}.
 *
 * <p><b>Aggregate steps</b> read a related table, given with {@link #withEvents(String, Dataset)}:
 * the rows and the events are grouped by key together, each key's events go into a history of
 * its own in the events Dataset's order, and the key's rows are scored from it, with the values
 * {@code predictAll} gives from a History holding every event. One related table by one key,
 * in a bundle without window steps; other bundles are refused with a message.
 */
public final class SparkScorer {
  /** The rows scored by one {@code predictAll} call unless {@link #withBatchRows(int)} says otherwise. */
  public static final int DEFAULT_BATCH_ROWS = 4096;

  /** The most rows a batch may have: a batch is a table in an executor's memory. */
  public static final int MAX_BATCH_ROWS = 1 << 20;

  private static final String ROW_NUMBER = "__mlengine_row_number";

  private final ModelBundle bundle;
  private final int batchRows;
  private final boolean externalRows;
  private final boolean columnar;
  private final Map<String, Dataset<Row>> events;
  private final Outputs outputs;

  SparkScorer(ModelBundle bundle, int batchRows) {
    this(bundle, batchRows, false, true, Map.of());
  }

  private SparkScorer(ModelBundle bundle, int batchRows, boolean externalRows, boolean columnar, Map<String, Dataset<Row>> events) {
    this.bundle = bundle;
    this.batchRows = batchRows;
    this.externalRows = externalRows;
    this.columnar = columnar;
    this.events = Map.copyOf(events);
    this.outputs = Outputs.of(bundle.pipeline());
  }

  /**
   * This scorer giving the bundle's aggregate step the related table {@code source} (such as
   * {@code "calls"}) as a Dataset: its key, time and value columns, each row an event. Each row
   * scored reads the events of its key before its cutoff, as {@code predictAll} does from a
   * History holding every event, appended in the Dataset's order.
   *
   * @throws IllegalArgumentException when no aggregate step of the bundle reads {@code source}
   */
  public SparkScorer withEvents(String source, Dataset<Row> rows) {
    Objects.requireNonNull(rows, "the events Dataset is null; pass the related table's rows");
    List<String> read = relatedSources().stream().map(EventSource::name).toList();
    if (!read.contains(source)) {
      throw new IllegalArgumentException("no aggregate step of bundle " + ColumnPlan.describe(bundle) + " reads a table '"
          + source + "'; it reads " + (read.isEmpty() ? "none" : read));
    }
    Map<String, Dataset<Row>> more = new java.util.HashMap<>(events);
    more.put(source, rows);
    return new SparkScorer(bundle, batchRows, externalRows, columnar, more);
  }

  private List<EventSource> relatedSources() {
    return bundle.pipeline().eventSources().stream().filter(s -> !s.name().equals(History.ROWS)).toList();
  }

  /**
   * This scorer on external {@code Row}s even in a classic session, the path a Spark Connect
   * Dataset takes (for the tests that hold both paths to the same answers).
   */
  SparkScorer withExternalRows() {
    return new SparkScorer(bundle, batchRows, true, columnar, events);
  }

  /**
   * This scorer on Spark's internal rows even where the plan makes column batches (for the tests
   * and the benchmark that hold the columnar path to the row path's answers and speed).
   */
  SparkScorer withoutColumnarBatches() {
    return new SparkScorer(bundle, batchRows, externalRows, false, events);
  }

  /** This scorer reading {@code rows} rows into each {@code predictAll} call (1 to {@value #MAX_BATCH_ROWS}). */
  public SparkScorer withBatchRows(int rows) {
    if (rows < 1 || rows > MAX_BATCH_ROWS) {
      throw new IllegalArgumentException("batchRows is " + rows + "; give 1 to " + MAX_BATCH_ROWS + " rows per predictAll call"
          + " (default " + DEFAULT_BATCH_ROWS + ")");
    }
    return new SparkScorer(bundle, rows, externalRows, columnar, events);
  }

  /** The bundle this scorer scores with. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** How many rows go into one {@code predictAll} call. */
  public int batchRows() {
    return batchRows;
  }

  /**
   * The names of the columns appended to each row: {@code label} then {@code p_<class>} for each
   * class in the bundle's order (classification), or {@code value} (regression), as {@code
   * Predictor.predictCsv} names them.
   */
  public List<String> outputColumns() {
    return outputs.names();
  }

  /**
   * The schema of {@code score}'s result for a Dataset of schema {@code input}: its columns, then
   * {@link #outputColumns()} ({@code label} a nullable string, the others doubles).
   *
   * @throws IllegalArgumentException as {@link #score(Dataset)}, before any job runs
   */
  public StructType outputSchema(StructType input) {
    Objects.requireNonNull(input, "the input schema is null; pass rows.schema()");
    ColumnPlan.of(bundle, input);
    return outputs.schema(input, input.fields().length, ColumnPlan.describe(bundle));
  }

  /**
   * {@code rows} with the prediction columns appended; lazy, like any Spark transformation. The
   * bundle's bytes are broadcast once per call.
   *
   * @throws IllegalArgumentException when {@code rows} lacks a column the bundle reads, has one
   *     of a type the bundle cannot read, or already has a column named like an output; the
   *     message lists every problem and how to fix it
   */
  public Dataset<Row> score(Dataset<Row> rows) {
    Objects.requireNonNull(rows, "the Dataset is null; pass the rows to score, e.g. spark.read().parquet(...)");
    StructType input = rows.schema();
    ColumnPlan plan = ColumnPlan.of(bundle, input);
    String name = ColumnPlan.describe(bundle);
    StructType output = outputs.schema(input, input.fields().length, name);
    if (List.of(input.fieldNames()).contains(ROW_NUMBER)) {
      throw new IllegalArgumentException("the Dataset has a column '" + ROW_NUMBER + "', the name mlengine-spark numbers rows"
          + " with; rename it first");
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    Broadcast<byte[]> bytes = context.broadcast(bytes(bundle));
    if (!plan.readsPast && !externalRows && rows instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      // Spark's column batches when the plan makes them, else its internal rows: no external Row is
      // made for the input or the output (see RESULTS.md, issue #19).
      java.util.Optional<RDD<ColumnarBatch>> batches = columnar ? ColumnarScoring.batches(classic) : java.util.Optional.empty();
      RDD<InternalRow> scored = batches.isPresent()
          ? batches.get().toJavaRDD().mapPartitions(new ColumnarScoring(bundle.id(), name, bytes, plan, outputs, batchRows)).rdd()
          : classic.queryExecution().toRdd().toJavaRDD()
              .mapPartitions(new InternalScoring(bundle.id(), name, bytes, plan, outputs, batchRows)).rdd();
      return classic.sparkSession().internalCreateDataFrame(scored, output, false);
    }
    if (!plan.readsPast) {
      return rows.mapPartitions(new PartitionScoring(bundle.id(), name, bytes, plan, outputs, batchRows), Encoders.row(output));
    }
    List<EventSource> related = relatedSources();
    if (!related.isEmpty()) {
      return withRelated(rows, related, plan, output, bytes);
    }
    // The Dataset's order breaks ties of one entity's timestamps; repeatable only when that order
    // is (see "Rows at the same instant" above).
    return rows.withColumn(ROW_NUMBER, functions.monotonically_increasing_id())
        .groupByKey(new EntityScoring.Key(plan.entityPosition), Encoders.STRING())
        .flatMapGroups(new EntityScoring(bundle.id(), name, bytes, plan, outputs), Encoders.row(output));
  }

  /** Aggregate steps: the rows and their related table's events grouped by key together. */
  private Dataset<Row> withRelated(Dataset<Row> rows, List<EventSource> related, ColumnPlan plan, StructType output,
      Broadcast<byte[]> bytes) {
    String name = ColumnPlan.describe(bundle);
    boolean windows = bundle.pipeline().eventSources().stream().anyMatch(s -> s.name().equals(History.ROWS));
    if (windows || related.size() > 1 || plan.entityPosition < 0) {
      throw new IllegalArgumentException("bundle " + name + " reads " + bundle.pipeline().eventSources() + "; mlengine-spark"
          + " scores aggregate steps over one related table by one key, without window steps. Score this bundle with"
          + " Predictor.withHistory(...).predictAll(table) on one machine.");
    }
    EventSource source = related.get(0);
    Dataset<Row> happened = events.get(source.name());
    if (happened == null) {
      throw new IllegalArgumentException("bundle " + name + "'s aggregate step reads table '" + source.name() + "' ("
          + source + "); give its rows: MlengineSpark.scorer(bundle).withEvents(\"" + source.name() + "\", "
          + source.name() + "Dataset).score(rows)");
    }
    ColumnPlan eventPlan = ColumnPlan.events(source, happened.schema());
    if (List.of(happened.schema().fieldNames()).contains(ROW_NUMBER)) {
      throw new IllegalArgumentException("the events Dataset has a column '" + ROW_NUMBER + "', the name mlengine-spark"
          + " numbers rows with; rename it first");
    }
    // The Dataset's order breaks ties of one entity's timestamps; repeatable only when that order
    // is (see "Rows at the same instant" above).
    return rows.withColumn(ROW_NUMBER, functions.monotonically_increasing_id())
        .groupByKey(new EntityScoring.Key(plan.entityPosition), Encoders.STRING())
        .cogroup(happened.withColumn(ROW_NUMBER, functions.monotonically_increasing_id())
                .groupByKey(new EntityScoring.Key(eventPlan.entityPosition), Encoders.STRING()),
            new RelatedScoring(bundle.id(), name, bytes, plan, outputs, source.name(), eventPlan), Encoders.row(output));
  }

  /** The bundle's file bytes: written as {@code save} writes it, read back by each executor. */
  static byte[] bytes(ModelBundle bundle) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("mlengine-spark");
      Path file = dir.resolve("bundle.mlb");
      bundle.save(file);
      byte[] out = Files.readAllBytes(file);
      Files.delete(file);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write bundle " + ColumnPlan.describe(bundle) + " to send it to the executors: "
          + e.getMessage() + ". Check that java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is writable.", e);
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // a leftover empty temporary folder is harmless
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SparkScorer[bundle " + ColumnPlan.describe(bundle) + ", batchRows=" + batchRows + "]";
  }
}
