package org.mlengine.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The batch scorer on Spark's columnar batches, for a Dataset whose plan ends by turning column
 * batches into rows (Parquet or ORC read by Spark's vectorized readers, a Dataset cached by
 * {@link ColumnarCacheSerializer}, or by Spark's own serializer when every column is a number or a
 * boolean): the
 * scorer takes the batches before that turn, reads each bundle column straight from its column
 * vector into the batch table's arrays, and hands on the input batch's own vectors beside the
 * prediction columns' vectors as one batch, whose rows Spark projects once into its binary
 * format. No row is copied, boxed or joined per row. Every value is read as {@link
 * InternalScoring} reads it (its readers are used for all but the two common cases, doubles and
 * string categories, read here directly with the same result), so the tables are the same.
 */
final class ColumnarScoring implements FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final String bundleId;
  private final String bundleName;
  private final Broadcast<byte[]> bytes;
  private final ColumnPlan plan;
  private final Outputs outputs;
  private final int batchRows;

  ColumnarScoring(String bundleId, String bundleName, Broadcast<byte[]> bytes, ColumnPlan plan, Outputs outputs, int batchRows) {
    this.bundleId = bundleId;
    this.bundleName = bundleName;
    this.bytes = bytes;
    this.plan = plan;
    this.outputs = outputs;
    this.batchRows = batchRows;
  }

  /**
   * The Dataset's column batches, when its physical plan is a turn of batches into rows (inside
   * a whole-stage-codegen stage or not) over a plan that makes batches of exactly the Dataset's
   * columns; empty otherwise, and the caller scores rows.
   */
  static Optional<RDD<ColumnarBatch>> batches(org.apache.spark.sql.classic.Dataset<?> rows) {
    int width = rows.schema().fields().length;
    SparkPlan top = rows.queryExecution().executedPlan();
    if (top instanceof AdaptiveSparkPlanExec adaptive) {
      // Adaptive execution adds the turn into rows to its final plan; asked for batches, it leaves it out.
      if (adaptive.supportsColumnar() && adaptive.output().size() == width) {
        return Optional.of(adaptive.executeColumnar());
      }
      // A cached Dataset's scan alone (no stage for adaptive execution to plan) is made to give rows, yet
      // makes batches when the cache does (ColumnarCacheSerializer; Spark's own for numbers and booleans only,
      // SparkOwnCacheTest): read them from the scan.
      if (adaptive.inputPlan() instanceof InMemoryTableScanExec scan && scan.supportsColumnar() && scan.output().size() == width) {
        return Optional.of(scan.executeColumnar());
      }
      return Optional.empty();
    }
    SparkPlan plan = top instanceof WholeStageCodegenExec stage ? stage.child() : top;
    if (plan instanceof ColumnarToRowExec turn && turn.child().supportsColumnar() && turn.child().output().size() == width) {
      return Optional.of(turn.child().executeColumnar());
    }
    return Optional.empty();
  }

  @Override
  public Iterator<InternalRow> call(Iterator<ColumnarBatch> batches) {
    Predictor predictor = ExecutorPredictors.get(bundleId, bytes);
    List<Map<UTF8String, String>> known = new ArrayList<>();
    for (int c = 0; c < plan.names.length; c++) {
      known.add(new HashMap<>());
    }
    return new ScoredBatches<>() {
      private ColumnarBatch input;
      private ColumnarBatch output;
      private WritableColumnVector[] predictions = outputs.vectors(0);
      private int capacity;

      @Override
      int read() {
        while (batches.hasNext()) {
          input = batches.next();
          if (input.numRows() > 0) {
            return input.numRows();
          }
        }
        return 0;
      }

      @Override
      void score(long first) {
        int n = input.numRows();
        if (n > capacity) {
          for (WritableColumnVector v : predictions) {
            v.close();
          }
          predictions = outputs.vectors(n);
          capacity = n;
        } else {
          for (WritableColumnVector v : predictions) {
            v.reset();
          }
        }
        for (int from = 0; from < n; from += batchRows) {
          int to = Math.min(n, from + batchRows);
          List<Prediction> scored = predict(predictor, table(input, from, to, known), first + from);
          for (int r = from; r < to; r++) {
            outputs.write(scored.get(r - from), predictions, r);
          }
        }
        ColumnVector[] all = new ColumnVector[input.numCols() + predictions.length];
        for (int c = 0; c < input.numCols(); c++) {
          all[c] = input.column(c);
        }
        System.arraycopy(predictions, 0, all, input.numCols(), predictions.length);
        output = new ColumnarBatch(all, n);
      }

      @Override
      InternalRow output(int r) {
        // One row object per batch, pointed at row r: Spark projects each into its binary format as it takes it.
        return output.getRow(r);
      }
    };
  }

  private List<Prediction> predict(Predictor predictor, Table table, long first) {
    try {
      return predictor.predictAll(table);
    } catch (InvalidInputException e) {
      throw PartitionScoring.refused(e, "bundle " + bundleName + " refused a row of the batch starting at row " + first
          + " of " + PartitionScoring.partition() + " (rows counted from 0 there): ");
    }
  }

  /** Rows {@code from} to {@code to} of the batch as the bundle's table. */
  private Table table(ColumnarBatch batch, int from, int to, List<Map<UTF8String, String>> known) {
    Table.Builder table = Table.builder();
    int n = to - from;
    for (int c = 0; c < plan.names.length; c++) {
      String name = plan.names[c];
      int at = plan.positions[c];
      ColumnVector vector = batch.column(at);
      DataType type = plan.sparkTypes[c];
      switch (plan.types[c]) {
        case NUMERIC -> {
          double[] values = new double[n];
          boolean nulls = vector.hasNull();
          if (type instanceof DoubleType) {
            for (int r = from; r < to; r++) {
              values[r - from] = nulls && vector.isNullAt(r) ? Double.NaN : vector.getDouble(r);
            }
          } else {
            for (int r = from; r < to; r++) {
              values[r - from] = nulls && vector.isNullAt(r) ? Double.NaN : InternalScoring.number(batch.getRow(r), at, type);
            }
          }
          table.numeric(name, values);
        }
        case CATEGORICAL -> {
          String[] values = new String[n];
          Map<UTF8String, String> seen = known.get(c);
          for (int r = from; r < to; r++) {
            if (!vector.isNullAt(r)) {
              values[r - from] = type instanceof StringType ? category(vector.getUTF8String(r), seen)
                  : InternalScoring.category(batch.getRow(r), at, type);
            }
          }
          table.categorical(name, values);
        }
        case TEXT -> {
          String[] values = new String[n];
          for (int r = from; r < to; r++) {
            values[r - from] = vector.isNullAt(r) ? null : vector.getUTF8String(r).toString();
          }
          table.text(name, values);
        }
        case TIMESTAMP -> {
          Instant[] values = new Instant[n];
          for (int r = from; r < to; r++) {
            values[r - from] = vector.isNullAt(r) ? null : InternalScoring.instant(batch.getRow(r), at, type);
          }
          table.timestamp(name, values);
        }
        case VECTOR -> throw new IllegalStateException("column '" + name + "' is VECTOR; the plan refuses it");
      }
    }
    return table.build();
  }

  /** A string category's text through the column's map of values seen (the same text, decoded once), null when empty. */
  private static String category(UTF8String bytes, Map<UTF8String, String> seen) {
    String text = seen.get(bytes);
    if (text == null) {
      text = bytes.toString();
      // Bounded: free-form values in a categorical column should not grow the map without end.
      if (seen.size() < 10_000) {
        seen.put(bytes.clone(), text);
      }
    }
    return text.isEmpty() ? null : text;
  }
}
