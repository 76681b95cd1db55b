package org.mlengine.serving.history;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest row of each (view, key) in memory, for the embedded online stores: a write older than
 * the stored row is skipped, one at the same time or later replaces it; a row whose expiry
 * ({@link ViewSlot#expiresAtOf}) the clock has reached is expired: it reads as
 * absent and is removed when read, and a sweep removes every expired row once the writes since the
 * last sweep reach the number of rows then kept (at least 1024), so the map holds at most about
 * twice the rows that are alive plus 1024.
 *
 * <pre>{@code
 * LatestEntries rows = new LatestEntries();
 * Outcome o = rows.put(view, entry, clock.millis());   // WRITTEN, STALE or EXPIRED
 * Stream.Entry latest = rows.get(view, "r-17", clock.millis());   // null when absent or expired
 * }</pre>
 */
final class LatestEntries {
  /** What became of a write. */
  enum Outcome { WRITTEN, STALE, EXPIRED }

  private final Map<Integer, Map<String, Stream.Entry>> byView = new ConcurrentHashMap<>();
  private final AtomicLong writesSinceSweep = new AtomicLong();
  private volatile long sizeAtSweep;
  final AtomicLong written = new AtomicLong();
  final AtomicLong stale = new AtomicLong();
  final AtomicLong expired = new AtomicLong();

  /** Adds an empty map for a newly declared view. */
  void declare(int id) {
    byView.putIfAbsent(id, new ConcurrentHashMap<>());
  }

  /**
   * Writes {@code e} when it is not older than the stored row. An expired write removes the
   * stored row (older, so expired too) and keeps nothing. A store that logs its writes puts
   * under its log's lock, so the log's order is the map's.
   */
  Outcome put(ViewSlot view, Stream.Entry e, long now) {
    Map<String, Stream.Entry> rows = byView.get(e.stream().id);
    Outcome[] outcome = new Outcome[1];
    rows.compute(e.key(), (k, old) -> {
      if (old != null && old.time() > e.time()) {
        outcome[0] = Outcome.STALE;
        return old;
      }
      outcome[0] = ViewSlot.expired(e, now) ? Outcome.EXPIRED : Outcome.WRITTEN;
      return outcome[0] == Outcome.EXPIRED ? null : e;
    });
    if (!view.name().startsWith("$")) {   // the store's own records are not the user's rows
      count(outcome[0]);
    }
    return outcome[0];
  }

  /** The row held for {@code e}'s view and key, expired or not; null for none. */
  Stream.Entry held(Stream.Entry e) {
    return byView.get(e.stream().id).get(e.key());
  }

  /**
   * Takes back a write of {@code e} whose log write failed: the row {@code previous} (null for
   * none) is held again where {@code e} still is, and {@code e} no longer counts as written.
   */
  void undo(ViewSlot view, Stream.Entry e, Stream.Entry previous) {
    Map<String, Stream.Entry> rows = byView.get(e.stream().id);
    boolean undone = previous == null ? rows.remove(e.key(), e) : rows.replace(e.key(), e, previous);
    if (undone && !view.name().startsWith("$")) {
      written.decrementAndGet();
    }
  }

  private void count(Outcome o) {
    (o == Outcome.WRITTEN ? written : o == Outcome.STALE ? stale : expired).incrementAndGet();
  }

  /** Sweeps when the writes since the last sweep reach the rows kept then (at least 1024); returns the rows removed. */
  int sweepIfDue(Map<Integer, ViewSlot> views, long now) {
    if (writesSinceSweep.incrementAndGet() < Math.max(1024, sizeAtSweep)) {
      return 0;
    }
    return sweep(views, now);
  }

  /** Removes every expired row; returns how many. */
  synchronized int sweep(Map<Integer, ViewSlot> views, long now) {
    writesSinceSweep.set(0);
    int removed = 0;
    long size = 0;
    for (var v : byView.entrySet()) {
      ViewSlot view = views.get(v.getKey());
      for (var it = v.getValue().values().iterator(); it.hasNext(); ) {
        if (ViewSlot.expired(it.next(), now)) {
          it.remove();
          removed++;
        } else {
          size++;
        }
      }
    }
    sizeAtSweep = size;
    expired.addAndGet(removed);
    return removed;
  }

  /** The row of {@code key}, or null when there is none or it has expired (then it is removed). */
  Stream.Entry get(ViewSlot view, int id, String key, long now) {
    Map<String, Stream.Entry> rows = byView.get(id);
    Stream.Entry e = rows.get(key);
    if (e != null && ViewSlot.expired(e, now)) {
      if (rows.remove(key, e)) {
        expired.incrementAndGet();
      }
      return null;
    }
    return e;
  }

  /** How many rows are kept, expired or not. */
  long size() {
    long n = 0;
    for (Map<String, Stream.Entry> rows : byView.values()) {
      n += rows.size();
    }
    return n;
  }

  /** Hands every row still alive at {@code now} to {@code out}, view by view. */
  void forEachAlive(Map<Integer, ViewSlot> views, long now, Consumer<Stream.Entry> out) {
    for (var v : byView.entrySet()) {
      ViewSlot view = views.get(v.getKey());
      for (Stream.Entry e : v.getValue().values()) {
        if (!ViewSlot.expired(e, now)) {
          out.accept(e);
        }
      }
    }
  }
}
