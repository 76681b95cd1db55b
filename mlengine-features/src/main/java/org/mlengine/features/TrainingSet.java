package org.mlengine.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * A point-in-time training set from {@link FeatureStore#trainingSet}: the labelled rows with
 * every feature of the views appended (as of each row's time, strictly before it, less the
 * view's gap), the views and versions used, and how many rows of each view expired (their
 * entity's latest event older than the view's time to live, so all its values are missing).
 *
 * <pre>{@code
 * TrainingSet training = store.trainingSet(labelled, "date", Map.of("sales", events), "sales_history");
 * training.expiredRows();          // {sales_history=12}
 * training.missingValues();        // {Sales_mean_7d=40, Sales_lag1=12, ...}
 * Table table = training.table();
 * }</pre>
 *
 * @param table the labelled rows with the views' columns appended, in view order
 * @param views the views used (name, version, fingerprint)
 * @param expiredRows per view name, the rows whose values all expired
 */
public record TrainingSet(Table table, List<FeatureView> views, Map<String, Integer> expiredRows) {

  /** Checks the fields and copies the collections. */
  public TrainingSet {
    Objects.requireNonNull(table, "table");
    views = List.copyOf(views);
    expiredRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expiredRows));
  }

  /**
   * Per feature column, in view order, how many rows have it missing (expired rows, entities
   * without events before the cutoff, windows with too few values).
   */
  public Map<String, Integer> missingValues() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (FeatureView v : views) {
      for (Schema.Field f : v.outputs()) {
        int missing = 0;
        for (int r = 0; r < table.rowCount(); r++) {
          if (table.isMissing(f.name(), r)) {
            missing++;
          }
        }
        out.put(f.name(), missing);
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The feature columns the views added, in order. */
  public List<String> featureColumns() {
    return views.stream().flatMap(v -> v.outputs().stream()).map(Schema.Field::name).toList();
  }

  @Override
  public String toString() {
    return "training set of " + table.rowCount() + " rows, views " + views.stream().map(v -> v.name() + " v" + v.version()).toList()
        + ", expired " + expiredRows;
  }
}
