package org.mlengine.serving.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The online store's rows in this process's memory only: gone when it ends.
 *
 * <pre>{@code
 * FeatureBackend b = new MemoryFeatures();
 * }</pre>
 */
final class MemoryFeatures implements FeatureBackend {
  final LatestEntries rows = new LatestEntries();
  private final Map<String, ViewSlot> byName = new LinkedHashMap<>();
  final Map<Integer, ViewSlot> byId = new ConcurrentHashMap<>();

  @Override
  public synchronized int declare(ViewSlot view) {
    return declareIn(view, where());
  }

  /** Records the view under the next id, or returns its id; the conflict error naming {@code where}. */
  int declareIn(ViewSlot view, String where) {
    ViewSlot held = byName.get(view.name());
    if (held != null) {
      if (!held.sameAs(view)) {
        throw FeatureBackend.conflict(where, held, view);
      }
      return idOf(view.name());
    }
    int id = byName.size();
    byName.put(view.name(), view);
    byId.put(id, view);
    rows.declare(id);
    return id;
  }

  private int idOf(String name) {
    return new ArrayList<>(byName.keySet()).indexOf(name);
  }

  @Override
  public synchronized List<ViewSlot> views() {
    return List.copyOf(byName.values());
  }

  @Override
  public LatestEntries.Outcome[] write(ViewSlot view, List<Stream.Entry> entries, long now) {
    LatestEntries.Outcome[] out = new LatestEntries.Outcome[entries.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.put(view, entries.get(i), now);
      rows.sweepIfDue(byId, now);
    }
    return out;
  }

  @Override
  public Stream.Entry read(ViewSlot view, int id, String key, long now) {
    return rows.get(view, id, key, now);
  }

  @Override
  public int purgeExpired(long now) {
    return rows.sweep(byId, now);
  }

  @Override
  public OnlineStore.Stats stats() {
    return new OnlineStore.Stats(rows.written.get(), rows.stale.get(), rows.expired.get());
  }

  @Override
  public String where() {
    return "memory";
  }

  @Override
  public void close() {
    // nothing held outside the heap
  }
}
