/**
 * A bundle scoring an Apache Spark {@code Dataset<Row>}, with the answers of the in-process
 * {@code Predictor}; a tuner's trials run as Spark tasks, with the local tuner's winner and scores.
 *
 * <p>API: {@link org.mlengine.spark.MlengineSpark} (the front door: {@code score(rows, bundle)},
 * {@code scorer(bundle)}, and {@code tune(spark, tuner, pipelineOf, table)} with its serializable
 * {@code PipelineFunction}); {@link org.mlengine.spark.SparkScorer} (one bundle's scorer: its
 * output columns, the batch size, {@code score}); {@link org.mlengine.spark.ColumnarCacheSerializer}
 * (Spark's cache kept as columns, named in the setting {@code spark.sql.cache.serializer}, so that
 * a cached Dataset is scored from column batches). Everything else here is the engine,
 * package-private: the mapping from Spark's types to the bundle's schema, the per-executor
 * predictor cache, the partition, column-batch and per-entity scoring functions, the cached
 * column arrays and their vectors, and the trials' tasks with
 * the table's transport form.
 */
package org.mlengine.spark;
