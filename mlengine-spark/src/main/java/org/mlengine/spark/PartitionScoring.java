package org.mlengine.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores one partition in batches: up to {@code batchRows} rows are read into a table with the
 * bundle's schema and scored by one {@code predictAll}; the scored rows are handed on before the
 * next batch is read, so a partition of any size takes one batch of memory.
 */
final class PartitionScoring implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String bundleId;
  private final String bundleName;
  private final Broadcast<byte[]> bytes;
  private final ColumnPlan plan;
  private final Outputs outputs;
  private final int batchRows;

  PartitionScoring(String bundleId, String bundleName, Broadcast<byte[]> bytes, ColumnPlan plan, Outputs outputs,
      int batchRows) {
    this.bundleId = bundleId;
    this.bundleName = bundleName;
    this.bytes = bytes;
    this.plan = plan;
    this.outputs = outputs;
    this.batchRows = batchRows;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Predictor predictor = ExecutorPredictors.get(bundleId, bytes);
    return new ScoredBatches<>() {
      private final List<Row> batch = new ArrayList<>();
      private List<Row> scored = Collections.emptyList();

      @Override
      int read() {
        batch.clear();
        while (batch.size() < batchRows && rows.hasNext()) {
          batch.add(rows.next());
        }
        return batch.size();
      }

      @Override
      void score(long first) {
        scored = PartitionScoring.this.score(predictor, batch, first);
      }

      @Override
      Row output(int r) {
        return scored.get(r);
      }
    };
  }

  private List<Row> score(Predictor predictor, List<Row> batch, long first) {
    List<Prediction> predictions = predict(predictor, plan, batch, bundleName, "the batch starting at row " + first
        + " of " + partition());
    List<Row> out = new ArrayList<>(batch.size());
    for (int r = 0; r < batch.size(); r++) {
      out.add(outputs.row(batch.get(r), plan.width, predictions.get(r)));
    }
    return out;
  }

  /**
   * {@code predictAll} on the rows' table; a refusal is rethrown naming the bundle and {@code
   * where} the rows come from (the row number in the message counts from the first of them).
   */
  static List<Prediction> predict(Predictor predictor, ColumnPlan plan, List<Row> rows, String bundleName, String where) {
    try {
      return predictor.predictAll(Batches.table(plan, rows, rows.size()));
    } catch (InvalidInputException e) {
      throw refused(e, "bundle " + bundleName + " refused a row of " + where + " (rows counted from 0 there): ");
    }
  }

  /** {@code e} again, its message after {@code prefix}, with {@code e} kept as its cause. */
  static InvalidInputException refused(InvalidInputException e, String prefix) {
    InvalidInputException wrapped = new InvalidInputException(e.column(), prefix + e.getMessage());
    wrapped.initCause(e);
    return wrapped;
  }

  /**
   * The partition this task scores, as a message names it: "partition 3 of stage 7" (the stage
   * as the Spark UI and the task's failure show it; the partition as {@code
   * functions.spark_partition_id()} numbers the input's partitions); "this partition" outside a
   * Spark task.
   */
  static String partition() {
    TaskContext task = TaskContext.get();
    return task == null ? "this partition" : "partition " + task.partitionId() + " of stage " + task.stageId();
  }
}
