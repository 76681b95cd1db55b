package org.mlengine.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores one entity's rows for a bundle whose window steps read each row's past: the group
 * holds every row of the entity (every row, for one series), put back in the Dataset's own order
 * by the row number taken before the shuffle, and scored as one table by {@code predictAll}
 * without a history. The library's window engine then orders the rows by time (rows at the same
 * instant in that order) and computes each row's windows from the earlier ones, exactly as
 * {@code predictAll} does over the whole table on one machine. The row number is
 * {@code monotonically_increasing_id()} taken when the job runs, so rows at the same instant keep
 * the same order from run to run only when the Dataset's partitions and their rows come in a fixed
 * order (see SparkScorer's "Rows at the same instant").
 */
final class EntityScoring implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String bundleId;
  private final String bundleName;
  private final Broadcast<byte[]> bytes;
  private final ColumnPlan plan;
  private final Outputs outputs;

  EntityScoring(String bundleId, String bundleName, Broadcast<byte[]> bytes, ColumnPlan plan, Outputs outputs) {
    this.bundleId = bundleId;
    this.bundleName = bundleName;
    this.bytes = bytes;
    this.plan = plan;
    this.outputs = outputs;
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> group) {
    Predictor predictor = ExecutorPredictors.get(bundleId, bytes);
    List<Row> rows = new ArrayList<>();
    group.forEachRemaining(rows::add);
    int number = plan.width;   // the row number column, appended after the Dataset's own
    rows.sort(Comparator.comparingLong(r -> r.getLong(number)));
    String where = plan.entityPosition < 0 ? "the series" : "entity '" + key + "'";
    List<Prediction> predictions = PartitionScoring.predict(predictor, plan, rows, bundleName, where);
    List<Row> out = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      out.add(outputs.row(rows.get(r), plan.width, predictions.get(r)));
    }
    return out.iterator();
  }

  /** The entity a row belongs to: its entity column's category, or "" for one series. */
  static final class Key implements MapFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    /** A missing entity's group; the window step refuses its rows, naming the column. */
    static final String MISSING = "\u0000missing";

    private final int position;

    Key(int position) {
      this.position = position;
    }

    @Override
    public String call(Row row) {
      if (position < 0) {
        return "";
      }
      String key = Batches.key(row, position);
      return key == null ? MISSING : key;
    }
  }
}
