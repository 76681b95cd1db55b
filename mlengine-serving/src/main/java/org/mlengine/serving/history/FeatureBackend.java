package org.mlengine.serving.history;

import java.io.IOException;
import java.util.List;

/**
 * The engine behind an {@link OnlineStore}: where the latest row of each (view, key) is kept. The
 * store checks the arguments and reads the clock; a backend keeps one version of each view,
 * writes rows not older than the stored one, and never returns an expired row.
 *
 * <pre>{@code
 * int id = backend.declare(view);
 * LatestEntries.Outcome[] outcomes = backend.write(view, List.of(OnlineStore.entry(view, id, "r-17", asOf, values)), now);
 * Stream.Entry row = backend.read(view, id, "r-17", now);   // null when absent or expired
 * }</pre>
 */
sealed interface FeatureBackend extends AutoCloseable permits MemoryFeatures, DiskFeatures, RedisFeatures {

  /** Records the view and returns its id; refuses a view of the same name whose version, fingerprint or layout differ. */
  int declare(ViewSlot view) throws IOException;

  /** The views this store holds, in the order they were first declared. */
  List<ViewSlot> views();

  /** Writes rows of one view, each unless the stored row of its key is newer; the outcome of each, in order. */
  LatestEntries.Outcome[] write(ViewSlot view, List<Stream.Entry> rows, long now);

  /** The latest row of the key, or null when there is none or it has expired at {@code now}. */
  Stream.Entry read(ViewSlot view, int id, String key, long now);

  /** Removes the rows expired at {@code now}; returns how many (Redis expires its keys itself: 0). */
  int purgeExpired(long now);

  /** Rows written, writes skipped as stale, rows found expired, by this process since it opened the store. */
  OnlineStore.Stats stats();

  /** Where the rows are, for messages: "memory", a directory, a Redis URI and namespace. */
  String where();

  @Override
  void close() throws IOException;

  /** The error for a declaration of another version (or layout) of a view the store holds. */
  static IllegalStateException conflict(String where, ViewSlot held, ViewSlot given) {
    String what = held.version().equals(given.version()) && held.fingerprint().equals(given.fingerprint())
        ? given.describe() + " with another layout (" + given.key().map(k -> "key " + k).orElse("no key") + ", " + given.columns()
            + ", ttl " + given.ttl() + "; it holds " + held.key().map(k -> "key " + k).orElse("no key") + ", " + held.columns()
            + ", ttl " + held.ttl() + ")"
        : given.describe();
    return new IllegalStateException("the online store in " + where + " holds " + held.describe() + ", not " + what
        + "; a store keeps one version of each view: materialise the new version into a new store (another directory or"
        + " Redis namespace) and move the service to it");
  }
}
