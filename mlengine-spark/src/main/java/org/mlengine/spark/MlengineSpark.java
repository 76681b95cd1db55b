package org.mlengine.spark;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mlengine.runtime.ModelBundle;

/**
 * Scores an Apache Spark {@code Dataset<Row>} with a {@link ModelBundle}: the input columns are
 * kept and the prediction columns appended, as Spark ML's {@code transform} does, and each
 * answer equals what {@code Predictor.predictAll} gives for the same row, bit for bit.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(Path.of("credit.mlb"));
 * Dataset<Row> applicants = spark.read().option("header", true).option("inferSchema", true)
 *     .csv("applicants.csv");
 * Dataset<Row> scored = MlengineSpark.score(applicants, bundle);
 * scored.select("label", "p_bad", "p_good").show();
 * }</pre>
 *
 * <p>The bundle's bytes are broadcast once per {@code score}, and each executor JVM parses them
 * into one predictor, shared by its tasks and kept for the next job with the same bundle id. A
 * partition is scored in batches ({@link SparkScorer#withBatchRows(int)}): its rows are read into
 * a table with the bundle's schema and scored by {@code predictAll} in one call. Bundles whose
 * window steps read each row's past are scored per entity over its rows in time order (see
 * {@link SparkScorer}).
 *
 * <p>Spark is a {@code provided} dependency of mlengine-spark: the cluster or the application
 * brings Spark 4.x (Scala 2.13) and its Jackson, and this module adds only itself and the
 * scoring runtime.
 */
public final class MlengineSpark {
  private MlengineSpark() {}

  /**
   * {@code rows} with the bundle's prediction columns appended (see {@link
   * SparkScorer#outputColumns()}); lazy, like any Spark transformation.
   *
   * @throws IllegalArgumentException when {@code rows} lacks a column the bundle reads, has one
   *     of a type the bundle cannot read, or already has a column named like an output; the
   *     message lists every such problem and how to fix it
   */
  public static Dataset<Row> score(Dataset<Row> rows, ModelBundle bundle) {
    return scorer(bundle).score(rows);
  }

  /** A scorer for one bundle, to set options on or to score several datasets with. */
  public static SparkScorer scorer(ModelBundle bundle) {
    Objects.requireNonNull(bundle, "the bundle is null; load one with ModelBundle.load(Path.of(\"model.mlb\"))");
    return new SparkScorer(bundle, SparkScorer.DEFAULT_BATCH_ROWS);
  }
}
