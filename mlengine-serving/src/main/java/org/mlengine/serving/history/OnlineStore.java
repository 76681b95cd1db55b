package org.mlengine.serving.history;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * The latest materialised values of each feature view for each entity, for serving: a lookup by
 * key instead of computing the view from the events per request. Per (view, key) it keeps one row
 * and the time its values are as of; a write older than the stored row is skipped (counted in
 * {@link #stats()}), one at the same time or later replaces it, so materialising again after late
 * events corrects a row. <b>Expiry</b> follows the view's rule: a view's values at t use the
 * events before {@code t − gap} and are expired when the latest of them is older than {@code t −
 * ttl}. So a row materialised as of A, whose entity's latest event before {@code A − gap} is at L,
 * expires at every {@code t > L + ttl} (what {@code view.valuesAsOf} says at t when no event came
 * after A's cutoff; a later event needs a new materialisation, which sets a new expiry); a row
 * whose values were already expired at A (no event, or L older than {@code A − ttl}) is not kept
 * and deletes the stored one. A row written directly ({@link #write}) expires once its as-of time
 * plus the time to live is not after the store's clock. A read of an expired row gives {@link
 * Optional#empty()}, as for a key never written (a predictor then uses the view's values for an
 * entity without events: all missing, as the view's expired values are), and expired rows are
 * removed when read and by a sweep (embedded stores: once the
 * writes since the last sweep reach the rows kept; Redis: by the key's {@code PEXPIRE}), so the
 * store holds about the rows alive. It holds one version of each view (name, version,
 * fingerprint); declaring another version of a view it holds is refused.
 *
 * <pre>{@code
 * try (OnlineStore store = OnlineStore.onDisk(Path.of("/var/lib/app/features"), FsyncPolicy.always())) {
 *   Optional<OnlineFeatures> trips = store.read("trips", "r-17");
 * }
 * }</pre>
 *
 * <p>Three stores, one contract: {@link #inMemory()} (this process only), {@link #onDisk} (memory
 * and an append-only log on local disk with the history's framing, {@link FsyncPolicy} and lock:
 * survives a restart and a {@code kill -9}, losing nothing acknowledged with {@link
 * FsyncPolicy#always()} and at most the last interval with {@link FsyncPolicy#interval}) and
 * {@link #redis} (shared by every service instance; needs {@code io.lettuce:lettuce-core}).
 * Thread-safe.
 */
public final class OnlineStore implements AutoCloseable {
  private static final String VIEW_NULL = "view is null; give a FeatureView (e.g. featureStore.view(\"trips\"))";

  /** The farthest an as-of time may be from 1970, in milliseconds (what a double and Redis's Lua numbers hold exactly). */
  static final long MAX_EPOCH_MILLIS = 1L << 53;

  private final FeatureBackend backend;
  private final Clock clock;
  private final Map<String, Held> known = new java.util.concurrent.ConcurrentHashMap<>();

  private OnlineStore(FeatureBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /** A store in this process's memory, on the system clock. */
  public static OnlineStore inMemory() {
    return builder().inMemory();
  }

  /**
   * A store in {@code dir} (created when missing), replaying what it holds; the {@code policy}
   * says when writes are forced to the disk.
   *
   * @throws IOException when another store has the directory open, or it holds something else
   */
  public static OnlineStore onDisk(Path dir, FsyncPolicy policy) throws IOException {
    return builder().fsync(policy).onDisk(dir);
  }

  /**
   * A store in Redis at {@code uri} ({@code redis://host:port/db}) under {@code namespace}, shared
   * with every instance that names the same.
   *
   * @throws IOException when the server cannot be reached, naming it
   */
  public static OnlineStore redis(String uri, String namespace) throws IOException {
    return builder().redis(uri, namespace);
  }

  /** Options: the clock expiry is judged by, the disk store's fsync policy and log sizes. */
  public static Builder builder() {
    return new Builder();
  }

  /** Records a view so its rows can be written; the same declaration again is a no-op. */
  int declare(ViewSlot view) {
    Held h = known.get(view.name());
    if (h != null && h.view.sameAs(view)) {
      return h.id;
    }
    try {
      int id = backend.declare(view);
      known.put(view.name(), new Held(view, id));
      return id;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not record " + view.describe() + " in the online store in " + backend.where()
          + ": " + e.getMessage(), e);
    }
  }

  /** The view of that name this store holds, if any. */
  Optional<ViewSlot> held(String name) {
    return Optional.ofNullable(find(name)).map(Held::view);
  }

  /**
   * The view of that name and its id, from this store's cache or, the first time, from the
   * backend (a Redis namespace may hold views another instance declared). A store never changes
   * the version it holds under a name, so what is cached stays true.
   */
  private Held find(String name) {
    Held h = known.get(name);
    if (h == null) {
      List<ViewSlot> all = backend.views();
      for (int id = 0; id < all.size(); id++) {
        known.putIfAbsent(all.get(id).name(), new Held(all.get(id), id));
      }
      h = known.get(name);
    }
    return h;
  }

  /** A view the store holds and the id its backend knows it by. */
  private record Held(ViewSlot view, int id) {}

  /** The views this store holds: name, version and fingerprint of each, in the order they were declared. */
  public List<String> views() {
    List<String> out = new ArrayList<>();
    backend.views().stream().filter(v -> !v.name().startsWith("$"))
        .forEach(v -> out.add(v.name() + " version " + v.version() + " (fingerprint " + v.fingerprint() + ")"));
    return out;
  }

  /**
   * Writes every entity's values of the view as of {@code asOf}, computed from its events (the
   * events table of the view's source; entities are the table's keys): each value equals, bit for
   * bit, what a predictor whose history holds these events computes for a request at {@code asOf}.
   * Each row expires when the view's values would (see the class comment): after its entity's
   * latest event before {@code asOf − gap} plus the time to live; entities whose values are
   * already expired are not kept. Declares the view in the store first (refused when the store
   * holds another version).
   *
   * @throws IllegalStateException when the store holds another version of the view
   * @throws InvalidInputException when an event lacks its key or time
   */
  public Materialization materialize(FeatureView view, Table events, Instant asOf) {
    return new Materializer(this).fromTable(Objects.requireNonNull(view, VIEW_NULL), events, asOf, false);
  }

  /**
   * Writes the values of these entities as of {@code asOf}, computed from a history (as a
   * predictor with that history computes them for a request at {@code asOf}), each expiring as
   * {@link #materialize(FeatureView, Table, Instant)} says.
   *
   * @throws IllegalStateException when the store holds another version of the view
   */
  public Materialization materialize(FeatureView view, History history, Collection<String> keys, Instant asOf) {
    return new Materializer(this).fromHistory(Objects.requireNonNull(view, VIEW_NULL), history, keys, asOf);
  }

  /**
   * Writes, as of {@code asOf}, the values of the entities whose values may have changed since
   * this store's last materialisation of the view: those with an event within the view's look-back
   * ({@code view.eventSource().horizon()}: its longest window, gap and time to live) before the
   * previous as-of time, or later. An entity without such events keeps values that are still its
   * values now. A view whose look-back is unbounded (an expanding window, lags, a window of the
   * last n rows) and a view never materialised here are materialised whole.
   */
  public Materialization materializeIncremental(FeatureView view, Table events, Instant asOf) {
    return new Materializer(this).fromTable(Objects.requireNonNull(view, VIEW_NULL), events, asOf, true);
  }

  /** The time this store last materialised the view (by any instance sharing it), if ever. */
  public Optional<Instant> lastMaterialised(String view) {
    return new Materializer(this).lastMaterialised(Objects.requireNonNull(view, VIEW_NULL));
  }

  /**
   * Checks that this store holds exactly the view a bundle was trained with: the same name,
   * version and fingerprint.
   *
   * @throws IllegalStateException naming the view and both versions when it holds another version
   *     or layout, or none
   */
  public void requireSame(FeatureView trained) {
    Objects.requireNonNull(trained, VIEW_NULL);
    ViewSlot want = Materializer.slot(trained);
    ViewSlot held = held(trained.name()).orElseThrow(() -> new IllegalStateException("the model was trained with "
        + want.describe() + ", and the online store in " + backend.where() + " holds no view '" + trained.name() + "' (it holds "
        + views() + "); materialise it first: store.materialize(view, events, asOf)"));
    if (!held.sameAs(want)) {
      throw new IllegalStateException("the model was trained with " + want.describe() + ", and the online store in "
          + backend.where() + " holds " + held.describe() + "; serve this model from a store that holds version "
          + want.version() + " (materialise it into a new store) or serve the model trained with version " + held.version());
    }
  }

  /**
   * Writes one entity's values of a view as of a time, unless the store holds a later row of that
   * entity. Returns whether it was kept: false when the stored row is later (stale) or the row has
   * already expired.
   *
   * @throws IllegalArgumentException when the store holds no such view, or the values lack a
   *     column or have a wrong type; nothing is written
   */
  public boolean write(String view, String key, Instant asOf, Map<String, ?> values) {
    ViewSlot v = requireView(view);
    Objects.requireNonNull(key, "key is null; give the entity's key value (\"\" for a view without a key)");
    Stream.Entry e = entry(v, key, asOf, values);
    return backend.write(v, List.of(e), clock.millis())[0] == LatestEntries.Outcome.WRITTEN;
  }

  /** Writes rows of one view at once (rows checked first, nothing written when one is refused); how many were kept. */
  int writeAll(ViewSlot view, List<Stream.Entry> rows) {
    int kept = 0;
    for (LatestEntries.Outcome o : backend.write(view, rows, clock.millis())) {
      kept += o == LatestEntries.Outcome.WRITTEN ? 1 : 0;
    }
    return kept;
  }

  /** The entity's latest values of the view; empty when none were written or they have expired. */
  public Optional<OnlineFeatures> read(String view, String key) {
    ViewSlot v = requireView(view);
    Objects.requireNonNull(key, "key is null; give the entity's key value (\"\" for a view without a key)");
    Stream.Entry e = backend.read(v, find(v.name()).id, key, clock.millis());
    if (e == null) {
      return Optional.empty();
    }
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (int c = 0; c < v.columns().size(); c++) {
      values.put(v.columns().get(c).name(), e.values()[c]);
    }
    return Optional.of(new OnlineFeatures(v.name(), key, Instant.ofEpochMilli(e.time()), values));
  }

  /** The raw row of the key (values in the view's column order), or null; for the predictor's lookups. */
  Stream.Entry row(ViewSlot view, int id, String key) {
    return backend.read(view, id, key, clock.millis());
  }

  int idOf(ViewSlot view) {
    return find(view.name()).id;
  }

  /** Removes every row expired by now and returns how many (Redis expires its keys itself and answers 0). */
  public int purgeExpired() {
    return backend.purgeExpired(clock.millis());
  }

  /** What this process has written, skipped as stale and found expired since it opened the store. */
  public Stats stats() {
    return backend.stats();
  }

  /** The engine behind the store, for its own tests. */
  FeatureBackend backend() {
    return backend;
  }

  /** Releases the store: forces the disk store's writes and releases its directory, or closes the Redis connection. */
  @Override
  public void close() throws IOException {
    backend.close();
  }

  @Override
  public String toString() {
    return "OnlineStore(" + backend.where() + ", " + backend.views().size() + " views)";
  }

  private ViewSlot requireView(String name) {
    Objects.requireNonNull(name, "view is null; give the name of a view the store holds");
    return held(name).orElseThrow(() -> new IllegalArgumentException("the online store in " + backend.where()
        + " holds no view '" + name + "'; it holds " + views() + ". Materialise the view into it first"));
  }

  /** The row a write carries, checked: the as-of time in range, every column present with its type, numbers finite or NaN. */
  static Stream.Entry entry(ViewSlot view, int id, String key, Instant asOf, Map<String, ?> values) {
    return entry(view, id, key, asOf, values, view.expiresAt(asOf.toEpochMilli()));
  }

  /** The row a write carries, checked as {@link #entry(ViewSlot, int, String, Instant, Map)} does, expiring at {@code expiresAt}. */
  static Stream.Entry entry(ViewSlot view, int id, String key, Instant asOf, Map<String, ?> values, long expiresAt) {
    Objects.requireNonNull(asOf, "asOf is null; give the time the values are as of");
    Objects.requireNonNull(values, "values is null; give the view's values by column");
    long t = asOf.toEpochMilli();
    if (Math.abs(t) > MAX_EPOCH_MILLIS) {
      throw new IllegalArgumentException("as-of time " + asOf + " is beyond 2^53 ms from 1970; give a time within it");
    }
    Object[] row = new Object[view.columns().size()];
    for (int c = 0; c < row.length; c++) {
      Schema.Field f = view.columns().get(c);
      if (!values.containsKey(f.name())) {
        throw new IllegalArgumentException("the values of view '" + view.name() + "' lack column '" + f.name() + "'; give every"
            + " column " + view.columns().stream().map(Schema.Field::name).toList() + " (a missing value as null)");
      }
      Object v = values.get(f.name());
      if (f.type() == ColumnType.NUMERIC) {
        if (v != null && !(v instanceof Number)) {
          throw new IllegalArgumentException("column '" + f.name() + "' of view '" + view.name() + "' is NUMERIC and got "
              + v.getClass().getSimpleName() + " '" + v + "'; give a number, or null for a missing value");
        }
        double d = v == null ? Double.NaN : ((Number) v).doubleValue();
        if (Double.isInfinite(d)) {
          throw new IllegalArgumentException("column '" + f.name() + "' of view '" + view.name() + "' got " + d
              + "; give a finite number, or null/NaN for a missing value");
        }
        row[c] = d;
      } else {
        if (v != null && !(v instanceof String)) {
          throw new IllegalArgumentException("column '" + f.name() + "' of view '" + view.name() + "' is " + f.type() + " and got "
              + v.getClass().getSimpleName() + " '" + v + "'; give text, or null for a missing value");
        }
        row[c] = v;
      }
    }
    return new Stream.Entry(view.stream(id), key, t, ViewSlot.withExpiry(row, expiresAt));
  }

  private Stream.Entry entry(ViewSlot view, String key, Instant asOf, Map<String, ?> values) {
    return entry(view, idOf(view), key, asOf, values);
  }

  /**
   * What one materialisation wrote.
   *
   * <pre>{@code
   * OnlineStore.Materialization m = store.materialize(view, events, Instant.parse("2016-08-28T00:00:00Z"));
   * System.out.println(m.written() + " of " + m.entities() + " entities written");
   * }</pre>
   *
   * @param view the view's name
   * @param version the view's version
   * @param asOf the time the values are as of
   * @param entities the entities computed
   * @param written the rows written
   * @param skipped the rows not written: the store held a later row of the entity, or the row had already expired
   */
  public record Materialization(String view, int version, Instant asOf, int entities, int written, int skipped) {}

  /**
   * What one process did to a store since it opened it.
   *
   * <pre>{@code
   * OnlineStore.Stats s = store.stats();   // Stats[written=10000, skippedStale=3, expired=120]
   * }</pre>
   *
   * @param written rows written
   * @param skippedStale writes skipped because the store held a later row of the key
   * @param expired rows found expired: written already expired, read after their expiry, or swept
   */
  public record Stats(long written, long skippedStale, long expired) {}

  /**
   * Options of an {@link OnlineStore}; each of {@link #inMemory()}, {@link #onDisk(Path)} and
   * {@link #redis(String, String)} opens one.
   *
   * <pre>{@code
   * OnlineStore store = OnlineStore.builder().clock(Clock.systemUTC())
   *     .fsync(FsyncPolicy.interval(Duration.ofMillis(100))).onDisk(Path.of("features"));
   * }</pre>
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private FsyncPolicy policy = FsyncPolicy.always();
    private long segmentBytes = 64L << 20;
    private long compactAfterBytes = 64L << 20;

    private Builder() {}

    /** The clock that says whether a row has expired (default: the system's UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null; give Clock.systemUTC() or a clock of your own");
      return this;
    }

    /** When the disk store forces its writes (default {@link FsyncPolicy#always()}). */
    public Builder fsync(FsyncPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy is null; give FsyncPolicy.always() or FsyncPolicy.interval(...)");
      return this;
    }

    /** How large the disk store's log segments grow (default 64 MB, at least 4 KB). */
    public Builder segmentBytes(long bytes) {
      this.segmentBytes = LogWriter.checkSegmentBytes(bytes);
      return this;
    }

    /** How many bytes of closed segments start a compaction of the disk store (default 64 MB). */
    public Builder compactAfterBytes(long bytes) {
      this.compactAfterBytes = LogWriter.checkCompactAfterBytes(bytes, "");
      return this;
    }

    /** A store in this process's memory. */
    public OnlineStore inMemory() {
      return new OnlineStore(new MemoryFeatures(), clock);
    }

    /** A store in {@code dir} on local disk; see {@link OnlineStore#onDisk}. */
    public OnlineStore onDisk(Path dir) throws IOException {
      Objects.requireNonNull(dir, "dir is null; give the store's directory");
      return new OnlineStore(DiskFeatures.open(dir, policy, segmentBytes, compactAfterBytes, clock), clock);
    }

    /** A store in Redis; see {@link OnlineStore#redis}. */
    public OnlineStore redis(String uri, String namespace) throws IOException {
      Objects.requireNonNull(uri, "uri is null; give the server's URI, e.g. redis://127.0.0.1:6379");
      Objects.requireNonNull(namespace, "namespace is null; give the prefix of the store's Redis keys");
      if (namespace.isBlank()) {
        throw new IllegalArgumentException("the namespace is blank; give the prefix of the store's Redis keys, e.g. \"shop\"");
      }
      return new OnlineStore(RedisFeatures.connect(uri, namespace), clock);
    }
  }
}
