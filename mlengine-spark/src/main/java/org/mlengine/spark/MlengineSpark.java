package org.mlengine.spark;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mlengine.core.Pipeline;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

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
 * <p>{@link #tune} runs a {@link Tuner}'s trials as Spark tasks, with the winner and scores of
 * {@code tuner.fit} on one machine.
 *
 * <p>Spark is a {@code provided} dependency of mlengine-spark: the cluster or the application
 * brings Spark 4.x (Scala 2.13) and its Jackson, and this module adds only itself and the
 * scoring runtime. So is mlengine-core, which only {@link #tune} needs: an application that
 * tunes has it already, and one that only scores never loads it.
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

  /**
   * Tunes as {@code tuner.fit(pipelineOf, table)} does, with every trial's folds fitted as Spark
   * tasks (one task per fold of each candidate, each halving round one job): the table and the
   * function are broadcast once and read once per executor JVM, each task fits and scores one
   * fold, and the driver ranks the candidates, picks the winner and refits it on {@code table}.
   * The winner, every trial's fold scores, means and ranks, and the refitted result are those of
   * {@code tuner.fit} with the same seed, bit for bit; only the durations differ (a trial's is the
   * sum of its folds' on the executors). The tuner's {@code threads} do not apply: Spark's cores
   * do the work.
   *
   * <pre>{@code
   * TuningResult tuned = MlengineSpark.tune(spark,
   *     Tuner.grid().param("depth", 2, 4, 8).metric(Metrics.rocAuc()).folds(5),
   *     p -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
   *         .trainer(Trainers.cart().maxDepth(p.integer("depth"))).seed(42).build(),
   *     credit);
   * }</pre>
   *
   * <p>The function goes to the executors with what it captures, so it must capture only
   * serializable values: a lambda written in this call is a {@link PipelineFunction} and thus
   * serializable, but one that reads a field of the class around it captures that object, which
   * must then be Serializable too. The same function, declared as a {@code PipelineFunction},
   * serves {@code tuner.fit} locally.
   *
   * @throws IllegalArgumentException as {@code Tuner.fit}, and before any job when the function
   *     cannot be sent (the message names what it holds that is not serializable)
   */
  public static TuningResult tune(SparkSession spark, Tuner tuner, PipelineFunction pipelineOf, Table table) {
    // Handed on with the very types declared here: verifying this class then loads no core type, so
    // a job that only scores runs without mlengine-core on its class path (SparkDependenciesTest).
    return SparkTrials.tune(spark, tuner, pipelineOf, table);
  }

  /**
   * A tuner's function from parameters to a pipeline that can be sent to Spark's executors: a
   * {@code Function<Params, Pipeline>} that is {@link Serializable}, as Spark's own Java function
   * types are.
   *
   * <pre>{@code
   * MlengineSpark.PipelineFunction pipelineOf = p -> Pipeline.builder().target("Status")
   *     .split(Split.stratified(0.8)).trainer(Trainers.cart().maxDepth(p.integer("depth"))).seed(42).build();
   * tuner.fit(pipelineOf, credit);                        // locally
   * MlengineSpark.tune(spark, tuner, pipelineOf, credit);  // on Spark: the same winner and scores
   * }</pre>
   */
  @FunctionalInterface
  public interface PipelineFunction extends Function<Tuner.Params, Pipeline>, Serializable {}
}
