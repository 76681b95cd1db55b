/**
 * A bundle scoring an Apache Spark {@code Dataset<Row>}, with the answers of the in-process
 * {@code Predictor}.
 *
 * <p>API: {@link org.mlengine.spark.MlengineSpark} (the front door: {@code score(rows, bundle)}
 * and {@code scorer(bundle)}); {@link org.mlengine.spark.SparkScorer} (one bundle's scorer: its
 * output columns, the batch size, {@code score}). Everything else here is the engine,
 * package-private: the mapping from Spark's types to the bundle's schema, the per-executor
 * predictor cache and the partition and per-entity scoring functions.
 */
package org.mlengine.spark;
