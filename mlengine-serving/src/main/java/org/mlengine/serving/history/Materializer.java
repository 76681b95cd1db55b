package org.mlengine.serving.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * Computes a feature view's values as of a time for many entities and writes them into an online
 * store: from a {@link History} for given keys ({@link FeatureView#valuesAsOf}, what a predictor
 * with that history computes), or from an events table for every entity in it ({@link
 * FeatureView#join}, the training set's as-of join, which the view keeps equal to the history's
 * values). The time of each view's last materialisation is kept in the store itself, as a row of
 * the internal view {@value #MARKER} keyed by the view's name, so it survives restarts and is
 * shared through Redis.
 *
 * <pre>{@code
 * OnlineStore.Materialization m = new Materializer(store).fromTable(view, events, asOf, false);
 * }</pre>
 */
final class Materializer {
  static final String MARKER = "$materialised";
  static final ViewSlot MARKERS = new ViewSlot(MARKER, "1", "-", Optional.of("view"), List.of(), Duration.ZERO);
  private static final int ROWS_PER_WRITE = 4096;

  private final OnlineStore store;

  Materializer(OnlineStore store) {
    this.store = store;
  }

  /** What the store keeps of a view: its name, version, fingerprint, entity, output columns and time to live. */
  static ViewSlot slot(FeatureView view) {
    return new ViewSlot(view.name(), Integer.toString(view.version()), view.fingerprint(), view.entity(), view.outputs(),
        view.ttl().orElse(Duration.ZERO));
  }

  /** The values of each key as of {@code asOf}, from the history. */
  OnlineStore.Materialization fromHistory(FeatureView view, History history, Collection<String> keys, Instant asOf) {
    Objects.requireNonNull(history, "history is null; give the History the events of '" + view.source() + "' are appended to");
    Objects.requireNonNull(keys, "keys is null; give the entities to materialise");
    ViewSlot slot = slot(view);
    int id = store.declare(slot);
    List<Stream.Entry> rows = new ArrayList<>();
    int written = 0;
    for (String key : new LinkedHashSet<>(keys)) {
      FeatureValues v = view.valuesAsOf(history, view.entity().isPresent() ? key : null, asOf);
      long latest = v.expired() ? Long.MIN_VALUE : latestEvent(view, history, v.key(), asOf.toEpochMilli());
      rows.add(OnlineStore.entry(slot, id, view.entity().isPresent() ? key : "", asOf, v.values(), slot.expiresAfterEvent(latest)));
      if (rows.size() == ROWS_PER_WRITE) {
        written += store.writeAll(slot, rows);
        rows.clear();
      }
    }
    written += store.writeAll(slot, rows);
    return finish(view, asOf, new LinkedHashSet<>(keys).size(), written);
  }

  /**
   * Every entity's values as of {@code asOf}, from the events table; incremental: only the
   * entities whose values may have changed since the last materialisation (see {@link
   * OnlineStore#materializeIncremental}).
   */
  OnlineStore.Materialization fromTable(FeatureView view, Table events, Instant asOf, boolean incremental) {
    Objects.requireNonNull(events, "events is null; give the events of '" + view.source() + "'");
    Objects.requireNonNull(asOf, "asOf is null; give the time the values should hold at");
    ViewSlot slot = slot(view);
    int id = store.declare(slot);
    long since = Long.MIN_VALUE;
    if (incremental) {
      EventSource need = view.eventSource();
      Optional<Instant> previous = lastMaterialised(view.name());
      if (previous.isPresent() && need.depth() == 0 && need.horizon().isPresent()) {
        since = previous.get().toEpochMilli() - need.horizon().get().toMillis();
      }
    }
    List<String> keys = entities(view, events, since, asOf.toEpochMilli());
    if (keys.isEmpty()) {
      return finish(view, asOf, 0, 0);
    }
    Table.Builder b = Table.builder();
    view.entity().ifPresent(e -> b.categorical(e, keys.toArray(String[]::new)));
    Instant[] times = new Instant[keys.size()];
    java.util.Arrays.fill(times, asOf);
    Table rows = b.timestamp(view.time(), times).build();
    Table joined = view.join(rows, view.time(), events).table();
    java.util.Map<String, Long> latest = latestEvents(view, events, asOf.toEpochMilli());
    List<Stream.Entry> out = new ArrayList<>();
    int written = 0;
    for (int r = 0; r < keys.size(); r++) {
      Object[] values = new Object[slot.columns().size()];
      for (int c = 0; c < values.length; c++) {
        Schema.Field f = slot.columns().get(c);
        values[c] = f.type() == ColumnType.NUMERIC ? (Object) joined.numeric(f.name(), r)
            : joined.isMissing(f.name(), r) ? null : joined.string(f.name(), r);
      }
      long expiresAt = slot.expiresAfterEvent(latest.getOrDefault(keys.get(r), Long.MIN_VALUE));
      out.add(new Stream.Entry(slot.stream(id), keys.get(r), asOf.toEpochMilli(), ViewSlot.withExpiry(values, expiresAt)));
      if (out.size() == ROWS_PER_WRITE) {
        written += store.writeAll(slot, out);
        out.clear();
      }
    }
    written += store.writeAll(slot, out);
    return finish(view, asOf, keys.size(), written);
  }

  /** The first event time a request at {@code t} no longer reads, as the view cuts off: {@code t − gap}. */
  private static long cutoff(FeatureView view, long t) {
    long gap = view.gap().toMillis();
    return t < Long.MIN_VALUE + gap ? Long.MIN_VALUE : t - gap;
  }

  /** The time of the entity's latest event before the cutoff of {@code t}, {@code Long.MIN_VALUE} for none. */
  private static long latestEvent(FeatureView view, History history, Optional<String> key, long t) {
    Table last = history.events(new EventQuery(view.source(), view.entity(), key, view.time(), Long.MIN_VALUE, cutoff(view, t), 1));
    return last.rowCount() == 0 ? Long.MIN_VALUE : last.timestamp(view.time(), last.rowCount() - 1);
  }

  /** Each entity's latest event time before the cutoff of {@code t} ("" for a view without entity). */
  private static java.util.Map<String, Long> latestEvents(FeatureView view, Table events, long t) {
    long cutoff = cutoff(view, t);
    java.util.Map<String, Long> latest = new java.util.HashMap<>();
    String entity = view.entity().orElse(null);
    for (int r = 0; r < events.rowCount(); r++) {
      if (events.isMissing(view.time(), r) || (entity != null && events.isMissing(entity, r))) {
        continue;
      }
      long time = events.timestamp(view.time(), r);
      if (time < cutoff) {
        latest.merge(entity == null ? "" : events.string(entity, r), time, Math::max);
      }
    }
    return latest;
  }

  /** The entities of the events, in first-seen order; with a bound, only those with an event in {@code [since, until)}. */
  private static List<String> entities(FeatureView view, Table events, long since, long until) {
    if (view.entity().isEmpty()) {
      return List.of("");
    }
    String column = view.entity().get();
    if (!events.hasColumn(column) || events.type(column) != ColumnType.CATEGORICAL) {
      throw new InvalidInputException(column, "feature view '" + view.name() + "' is keyed by '" + column + "', and the events "
          + (events.hasColumn(column) ? "have it as " + events.type(column) : "lack it") + "; give the events of '"
          + view.source() + "' with their entity as a CATEGORICAL column");
    }
    Set<String> keys = new LinkedHashSet<>();
    boolean bounded = since != Long.MIN_VALUE;
    for (int r = 0; r < events.rowCount(); r++) {
      if (events.isMissing(column, r)) {
        continue;   // the join names the row
      }
      if (bounded) {
        long t = events.timestamp(view.time(), r);
        if (t < since || t >= until) {
          continue;
        }
      }
      keys.add(events.string(column, r));
    }
    return List.copyOf(keys);
  }

  /** The time the view was last materialised into this store, if ever. */
  Optional<Instant> lastMaterialised(String view) {
    store.declare(MARKERS);
    Stream.Entry e = store.row(MARKERS, store.idOf(MARKERS), view);
    return e == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(e.time()));
  }

  private OnlineStore.Materialization finish(FeatureView view, Instant asOf, int entities, int written) {
    int id = store.declare(MARKERS);
    store.writeAll(MARKERS, List.of(new Stream.Entry(MARKERS.stream(id), view.name(), asOf.toEpochMilli(),
        ViewSlot.withExpiry(new Object[0], Long.MAX_VALUE))));
    return new OnlineStore.Materialization(view.name(), view.version(), asOf, entities, written, entities - written);
  }
}
