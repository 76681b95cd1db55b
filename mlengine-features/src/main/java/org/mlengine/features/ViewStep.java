package org.mlengine.features;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.steps.ViewTransform;
import org.mlengine.runtime.spi.EventTransform;

/**
 * A pipeline step computing a registered {@link FeatureView}'s columns (made by {@link
 * Features#view(FeatureStore, String)}): for each row, the view's values for its entity as of its
 * time. The events are the table's own rows unless {@link #from(Table)} gives the view's events
 * table; at predict time they come from the view's source in a {@link org.mlengine.runtime.History}.
 * The bundle records the view (name, version, fingerprint, definition).
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .target("ridership")
 *     .split(Split.timeOrdered("date", 0.8))
 *     .add(Features.view(store, "ridership_history"))     // the same definition as another model's
 *     .trainer(Trainers.linearRegression())
 * }</pre>
 */
public final class ViewStep implements EventExtractor {
  private final FeatureView view;
  private final Optional<Table> events;

  private ViewStep(FeatureView view, Optional<Table> events) {
    this.view = view;
    this.events = events;
  }

  static ViewStep of(FeatureView view) {
    return new ViewStep(view, Optional.empty());
  }

  /** Reads the events from this table (the view's source) rather than from the rows themselves. */
  public ViewStep from(Table viewEvents) {
    Objects.requireNonNull(viewEvents, "from(...) got null; give the events of '" + view.source() + "', or leave from(...) out"
        + " to read the table's own rows");
    return new ViewStep(view, Optional.of(viewEvents));
  }

  /** The view this step computes. */
  public FeatureView view() {
    return view;
  }

  @Override
  public String name() {
    return ViewTransform.TAG;
  }

  @Override
  public List<String> columns() {
    return view.inputColumns();
  }

  @Override
  public boolean readsOwnRows() {
    return events.isEmpty();
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    String step = "feature view '" + view.name() + "'";
    view.entity().ifPresent(e -> Steps.checkColumns(step, List.of(e), schema, EnumSet.of(ColumnType.CATEGORICAL), problems));
    Steps.checkColumns(step, List.of(view.time()), schema, EnumSet.of(ColumnType.TIMESTAMP), problems);
    if (events.isEmpty()) {
      for (Schema.Field f : view.eventSource().values()) {
        Steps.checkColumns(step + " (its events are the table's own rows)", List.of(f.name()), schema, EnumSet.of(f.type()),
            problems);
      }
    }
    for (String out : view.outputColumns()) {
      if (schema.column(out).isPresent()) {
        problems.add(step + " writes column '" + out + "', which the table already has; rename or drop that column");
      }
    }
  }

  @Override
  public EventTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return new ViewTransform(view, events, events.isEmpty());
  }

  @Override
  public Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("view", view.name());
    spec.put("version", view.version());
    spec.put("fingerprint", view.fingerprint());
    spec.put("events", events.isPresent() ? "table of " + events.get().rowCount() + " rows" : "own rows");
    return com.google.common.collect.ImmutableMap.copyOf(spec);
  }

  @Override
  public String toString() {
    return name() + spec();
  }
}
