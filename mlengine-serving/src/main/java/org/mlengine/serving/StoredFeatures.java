package org.mlengine.serving;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.ViewTransform;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.serving.history.OnlineFeatures;
import org.mlengine.serving.history.OnlineStore;

/**
 * A feature view's step as a predictor with an online store runs it: the view's columns are the
 * store's latest values for the request's entity, looked up by key, instead of being computed
 * from a history. A key the store holds no live row of (never materialised, or expired) gets the
 * view's values for an entity without events as of the request's time, as a history holding none
 * of its events would give: every value missing for a view with a time to live, and for one
 * without, the windows' values over no events (a count of 0, a mean missing). It reads no history
 * itself ({@link #sources()} is empty), so other window steps of the bundle keep theirs.
 *
 * <pre>{@code
 * EventTransform step = new StoredFeatures(viewTransform.view(), store);
 * Table withValues = step.apply(requests);
 * }</pre>
 */
final class StoredFeatures implements EventTransform {
  private final FeatureView view;
  private final OnlineStore store;
  private final History empty;
  private final List<Schema.Field> outputs;

  StoredFeatures(FeatureView view, OnlineStore store) {
    this.view = view;
    this.store = store;
    this.empty = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    this.outputs = view.outputs();
  }

  /** The store this step reads. */
  OnlineStore store() {
    return store;
  }

  @Override
  public String tag() {
    return "online_store";
  }

  @Override
  public List<String> inputColumns() {
    return view.inputColumns();
  }

  @Override
  public List<EventSource> sources() {
    return List.of();
  }

  @Override
  public List<String> pastColumns() {
    return List.of();
  }

  /** The values of the entity: the store's row, or the view's values for an entity without events. */
  Map<String, Object> values(String key, long time) {
    Optional<OnlineFeatures> row = store.read(view.name(), key == null ? "" : key);
    return row.isPresent() ? row.get().values() : view.valuesAsOf(empty, key, Instant.ofEpochMilli(time)).values();
  }

  @Override
  public Table apply(Table table) {
    return ViewTransform.withValues(table, outputs, r -> {
      if (!table.hasColumn(view.time()) || table.isMissing(view.time(), r)) {
        throw missing(view.time(), "time", r);
      }
      String key = null;
      if (view.entity().isPresent()) {
        String column = view.entity().get();
        if (!table.hasColumn(column) || table.isMissing(column, r)) {
          throw missing(column, "entity", r);
        }
        key = table.string(column, r);
      }
      return values(key, table.timestamp(view.time(), r));
    });
  }

  @Override
  public Table apply(Table table, History history) {
    return apply(table);
  }

  /** The row form: the entity (and time) slots in, one slot per output of the view out. */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    if (slots.find(view.time()).orElse(null) != ColumnType.TIMESTAMP
        || view.entity().map(e -> slots.find(e).orElse(null) != ColumnType.CATEGORICAL).orElse(false)
        || outputs.stream().anyMatch(f -> slots.find(f.name()).isPresent())) {
      return Optional.empty();
    }
    int timeSlot = slots.number(view.time());
    int keySlot = view.entity().map(slots::string).orElse(-1);
    int[] out = new int[outputs.size()];
    boolean[] categorical = new boolean[outputs.size()];
    for (int o = 0; o < out.length; o++) {
      categorical[o] = outputs.get(o).type() == ColumnType.CATEGORICAL;
      out[o] = categorical[o] ? slots.newCategory(outputs.get(o).name()) : slots.newNumber(outputs.get(o).name());
    }
    return Optional.of(row -> {
      double t = row.number(timeSlot);
      if (Double.isNaN(t)) {
        throw missing(view.time(), "time", 0);
      }
      String key = null;
      if (keySlot >= 0) {
        key = row.string(keySlot);
        if (key == null) {
          throw missing(view.entity().get(), "entity", 0);
        }
      }
      Map<String, Object> v = values(key, (long) t);
      for (int o = 0; o < out.length; o++) {
        Object value = v.get(outputs.get(o).name());
        if (categorical[o]) {
          row.setString(out[o], (String) value);
        } else {
          row.setNumber(out[o], (Double) value);
        }
      }
    });
  }

  private InvalidInputException missing(String column, String what, int row) {
    return new InvalidInputException(column, "feature view '" + view.name() + "' is read from the online store by each row's "
        + what + ", but column '" + column + "' is missing at row " + row + "; fill it in or drop such rows");
  }

  @Override
  public String toString() {
    return tag() + "(" + view.name() + " v" + view.version() + " from " + store + ")";
  }
}
