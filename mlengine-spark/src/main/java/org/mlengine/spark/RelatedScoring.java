package org.mlengine.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Scores one key's rows for a bundle whose aggregate steps read a related table: the key's
 * related rows (its events, in the events Dataset's order) go into a history of their own, and
 * the key's rows are scored by {@code predictAll} reading from it, as one machine scores the
 * whole table from a history holding every related row.
 */
final class RelatedScoring implements CoGroupFunction<String, Row, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String bundleId;
  private final String bundleName;
  private final Broadcast<byte[]> bytes;
  private final ColumnPlan plan;
  private final Outputs outputs;
  private final String source;
  private final ColumnPlan events;

  RelatedScoring(String bundleId, String bundleName, Broadcast<byte[]> bytes, ColumnPlan plan, Outputs outputs, String source,
      ColumnPlan events) {
    this.bundleId = bundleId;
    this.bundleName = bundleName;
    this.bytes = bytes;
    this.plan = plan;
    this.outputs = outputs;
    this.source = source;
    this.events = events;
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> parents, Iterator<Row> related) {
    List<Row> rows = sorted(parents, plan.width);
    List<Row> happened = sorted(related, events.width);
    Predictor predictor = ExecutorPredictors.get(bundleId, bytes);
    History history = predictor.newHistory(Retention.unbounded());
    if (!happened.isEmpty()) {
      try {
        history.appendAll(source, Batches.table(events, happened, happened.size()));
      } catch (InvalidInputException e) {
        throw PartitionScoring.refused(e, "bundle " + bundleName + " refused an event of table '" + source
            + "' for key '" + key + "' (events counted from 0 there): ");
      }
    }
    if (rows.isEmpty()) {
      return Collections.emptyIterator();
    }
    List<Prediction> predictions = PartitionScoring.predict(predictor.withHistory(history), plan, rows, bundleName,
        "key '" + key + "'");
    List<Row> out = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      out.add(outputs.row(rows.get(r), plan.width, predictions.get(r)));
    }
    return out.iterator();
  }

  /** The rows in their Dataset's order, by the row number appended after the Dataset's own columns. */
  private static List<Row> sorted(Iterator<Row> rows, int number) {
    List<Row> out = new ArrayList<>();
    rows.forEachRemaining(out::add);
    out.sort(Comparator.comparingLong(r -> r.getLong(number)));
    return out;
  }
}
