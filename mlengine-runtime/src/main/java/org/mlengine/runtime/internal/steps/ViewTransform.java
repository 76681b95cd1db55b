package org.mlengine.runtime.internal.steps;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;

/**
 * A pipeline step computing a {@link FeatureView}'s columns: offline from the view's events (a
 * table given at fit time, or the table's own rows), at predict time from the view's source in a
 * {@link History}. A bundle keeps the view's definition and whether the events are the rows
 * themselves; never the events.
 *
 * <pre>{@code
 * ViewTransform step = new ViewTransform(view, Optional.of(events), false);
 * Table offline = step.apply(labelled);
 * Table online = step.apply(requests, history);
 * }</pre>
 */
public final class ViewTransform implements EventTransform {
  public static final String TAG = "feature_view";

  private final FeatureView view;
  /** The events sorted once; empty for a step read from a bundle or reading its own rows. */
  private final Optional<Table> events;
  private final boolean ownRows;

  public ViewTransform(FeatureView view, Optional<Table> events, boolean ownRows) {
    this.view = Objects.requireNonNull(view, "view");
    this.events = Objects.requireNonNull(events, "events");
    this.ownRows = ownRows;
  }

  /** The view's definition. */
  public FeatureView view() {
    return view;
  }

  /** Whether the events are the rows the step is applied to. */
  public boolean ownRows() {
    return ownRows;
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return view.inputColumns();
  }

  @Override
  public List<String> pastColumns() {
    if (!ownRows) {
      return List.of();
    }
    return view.eventSource().values().stream().map(Schema.Field::name).toList();
  }

  @Override
  public List<EventSource> sources() {
    return List.of(view.eventSource());
  }

  /**
   * Each row's values from the events given at fit time, or from the table's own rows.
   *
   * @throws IllegalStateException when the step was read from a bundle and its events were a
   *     related table (a bundle holds no events)
   */
  @Override
  public Table apply(Table table) {
    Table from = ownRows ? table : events.orElseThrow(() -> new IllegalStateException("feature view '" + view.name()
        + "' was read from a bundle, which holds no events of '" + view.source() + "'. Score through a Predictor with a History"
        + " holding source '" + view.source() + "' (predictor.withHistory(history)), or call FittedPipeline.transform(table,"
        + " history), or build the training set with FeatureView.join(rows, time, events)"));
    return view.join(table, view.time(), from).table();
  }

  @Override
  public Table apply(Table table, History history) {
    Objects.requireNonNull(history, "history is null; give the History holding source '" + view.source() + "'");
    String step = "feature view '" + view.name() + "'";
    long[] times = Inputs.timestamps(step, table, view.time());
    String[] keys = view.entity().isPresent() ? Inputs.strings(step, table, view.entity().get()) : null;
    List<Schema.Field> outputs = view.outputs();
    for (Schema.Field f : outputs) {
      Inputs.requireFree(step, table, f.name(), view.time());
    }
    return withValues(table, outputs, r -> {
      if (times[r] == Long.MIN_VALUE) {
        throw ViewEngine.missing(view.time(), "time", r, view.source());
      }
      if (keys != null && keys[r] == null) {
        throw ViewEngine.missing(view.entity().get(), "entity", r, view.source());
      }
      return view.valuesAsOf(history, keys == null ? null : keys[r], Instant.ofEpochMilli(times[r])).values();
    });
  }

  /**
   * The table with one column per output of a view, row r holding {@code valuesOfRow.apply(r)}
   * (the view's values by output name: Double for a number, String for a category): the table
   * form of this step and of serving's online-store step, which differ only in where the values
   * come from.
   */
  public static Table withValues(Table table, List<Schema.Field> outputs, IntFunction<Map<String, Object>> valuesOfRow) {
    int n = table.rowCount();
    double[][] numeric = new double[outputs.size()][];
    String[][] categorical = new String[outputs.size()][];
    for (int o = 0; o < outputs.size(); o++) {
      if (outputs.get(o).type() == ColumnType.CATEGORICAL) {
        categorical[o] = new String[n];
      } else {
        numeric[o] = new double[n];
      }
    }
    for (int r = 0; r < n; r++) {
      Map<String, Object> values = valuesOfRow.apply(r);
      for (int o = 0; o < outputs.size(); o++) {
        Object value = values.get(outputs.get(o).name());
        if (numeric[o] != null) {
          numeric[o][r] = (Double) value;
        } else {
          categorical[o][r] = (String) value;
        }
      }
    }
    Table out = table;
    for (int o = 0; o < outputs.size(); o++) {
      String name = outputs.get(o).name();
      out = numeric[o] != null ? out.withNumeric(name, numeric[o]) : out.withCategorical(name, categorical[o]);
    }
    return out;
  }

  /**
   * The row form: reads the entity and time slots, asks the buffer's history for the view's
   * values and binds one slot per output. Empty when an input has the wrong type or an output
   * name is taken (the table path reports it).
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    if (Inputs.typeAt(slots, view.time()) != ColumnType.TIMESTAMP
        || view.entity().map(e -> Inputs.typeAt(slots, e) != ColumnType.CATEGORICAL).orElse(false)
        || view.outputColumns().stream().anyMatch(c -> Inputs.typeAt(slots, c) != null)) {
      return Optional.empty();
    }
    int timeSlot = slots.number(view.time());
    int keySlot = view.entity().map(slots::string).orElse(-1);
    List<Schema.Field> outputs = view.outputs();
    int[] out = new int[outputs.size()];
    boolean[] categorical = new boolean[outputs.size()];
    for (int o = 0; o < out.length; o++) {
      categorical[o] = outputs.get(o).type() == ColumnType.CATEGORICAL;
      out[o] = categorical[o] ? slots.newCategory(outputs.get(o).name()) : slots.newNumber(outputs.get(o).name());
    }
    return Optional.of(row -> {
      History history = row.history();
      if (history == null) {
        throw new IllegalStateException("feature view '" + view.name() + "' reads each request's past from a History, and none is"
            + " attached to this row buffer; use predictor.withHistory(history) with the events of '" + view.source()
            + "' appended to it, or RowBuffer.setHistory(history)");
      }
      double t = row.number(timeSlot);
      if (Double.isNaN(t)) {
        throw ViewEngine.missing(view.time(), "time", 0, view.source());
      }
      String key = null;
      if (keySlot >= 0) {
        key = row.string(keySlot);
        if (key == null) {
          throw ViewEngine.missing(view.entity().get(), "entity", 0, view.source());
        }
      }
      FeatureValues v = view.valuesAsOf(history, key, Instant.ofEpochMilli((long) t));
      for (int o = 0; o < out.length; o++) {
        Object value = v.values().get(outputs.get(o).name());
        if (categorical[o]) {
          row.setString(out[o], (String) value);
        } else {
          row.setNumber(out[o], (Double) value);
        }
      }
    });
  }

  @Override
  public String toString() {
    return TAG + "(" + view.name() + " v" + view.version() + " -> " + view.outputColumns() + ")";
  }
}
