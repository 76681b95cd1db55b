package org.mlengine.serving;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.mlengine.runtime.Row;

/**
 * A {@link Monitor}'s hand-off from the request threads to its one thread, on a {@link SlotRing}
 * whose slots hold a request's monitored values as they are copied (a NUMERIC input's number
 * unboxed into a {@code double} slot; any other value, a category or a number given as text, by
 * reference), its answer, latency, time and flags: the request's thread allocates nothing and
 * writes nothing another request thread writes. The consumer reads a slot through a {@link View}
 * and empties it.
 */
final class MonitorQueue {
  private static final int NUMBER = 0;
  private static final int MISSING = 1;
  private static final int OBJECT = 2;
  private static final int FAILED = 1;
  private static final int NO_INPUTS = 2;
  /** Claimed after the monitor closed, or its copy threw: counted by its producer (dropped, copyFailures), skipped by the consumer. */
  private static final int VOID = 4;

  /** Where a place's fields sit in its stretch of {@link Slots#prims}. */
  private static final int TIME = 0;
  private static final int LATENCY = 1;
  private static final int FLAGS = 2;
  private static final int KINDS = 3;
  /** Bits of a kind, and kinds in a word of {@link Slots#prims}. */
  private static final int KIND_BITS = 2;
  private static final int KINDS_PER_WORD = Long.SIZE / KIND_BITS;
  private static final long KIND_MASK = (1L << KIND_BITS) - 1;
  /** A word of kinds all {@link #MISSING}. */
  private static final long ALL_MISSING = 0x5555_5555_5555_5555L;

  /**
   * A lane's slots, a place's fields side by side (a request touches a few cache lines, not one
   * per field): {@code prims} holds per place its time, latency, flags, the inputs' kinds (2 bits
   * each) and the numbers' bits; {@code refs} its other values (by input) and its answer (last).
   */
  static final class Slots {
    final long[] prims;
    final Object[] refs;

    Slots(int size, int primStride, int refStride) {
      prims = new long[size * primStride];
      refs = new Object[size * refStride];
    }
  }

  private final String[] names;
  private final int[] numberIndex;   // a NUMERIC input's index among the numbers, -1 for the others
  private final int kindWords;
  private final int primStride;
  private final int refStride;
  private final Map<String, Integer> columnOf = new HashMap<>();
  private final SlotRing<Slots> ring;
  private final LongAdder dropped;
  /** Requests whose copy threw on their thread (a map changed by another thread while read): part of the monitor's errors. */
  private final LongAdder copyFailures = new LongAdder();
  private volatile boolean closed;
  /** The last request map's keys in its iteration order and their inputs; immutable, replaced whole (racy but safe: final fields). */
  private KeyOrder order = new KeyOrder(new Object[0], new int[0]);

  /** A map's keys as it iterates them, and the monitored input each names (-1: none). */
  private static final class KeyOrder {
    final Object[] keys;
    final int[] columns;

    KeyOrder(Object[] keys, int[] columns) {
      this.keys = keys;
      this.columns = columns;
    }
  }

  /**
   * A queue of {@code capacity} requests a lane for the inputs {@code names} ({@code numeric[c]}:
   * input {@code c} is a NUMERIC column); {@code dropped} counts what it refuses.
   */
  MonitorQueue(String[] names, boolean[] numeric, int capacity, LongAdder dropped) {
    this.names = names.clone();
    for (int c = 0; c < names.length; c++) {
      columnOf.put(names[c], c);
    }
    this.numberIndex = new int[names.length];
    int n = 0;
    for (int c = 0; c < names.length; c++) {
      numberIndex[c] = numeric[c] ? n++ : -1;
    }
    this.kindWords = (names.length + KINDS_PER_WORD - 1) / KINDS_PER_WORD;
    this.primStride = KINDS + kindWords + n;
    this.refStride = names.length + 1;
    this.dropped = dropped;
    int prims = primStride;
    int refs = refStride;
    this.ring = new SlotRing<>(capacity, size -> new Slots(size, prims, refs));
  }

  /**
   * Copies one request into a slot, or counts it dropped when its lane is full or the monitor
   * closed. {@code input} is a map, a {@link Request}, a {@link Row}, or null for no inputs;
   * {@code epochMillis} is the request's time. When
   * the copy throws (a {@code HashMap} another thread changes meanwhile, a row whose value cannot
   * be read), the slot is handed over void (the consumer skips it, so the lane goes
   * on), the request counted in {@link #copyFailures()} and the exception rethrown.
   */
  void offer(Object input, Prediction prediction, boolean failed, long latencyNanos, long epochMillis) {
    SlotRing.Lane<Slots> lane = ring.lane();
    long place = lane.claim();
    if (place < 0) {
      dropped.increment();
      return;
    }
    Slots s = lane.payload;
    int slot = lane.slot(place);
    int at = slot * primStride;
    if (closed) {   // read after the claim's fence: a consumer that has stopped no longer waits for this place
      s.prims[at + FLAGS] = VOID;
      lane.publish(place);
      dropped.increment();
      return;
    }
    boolean none;
    try {
      none = copy(input, s, slot);
    } catch (Throwable e) {
      s.prims[at + FLAGS] = VOID;   // the consumer empties its references as it skips it
      copyFailures.increment();   // before the slot is handed over: a flush that sees it taken sees the count
      lane.publish(place);
      throw e;
    }
    s.refs[slot * refStride + names.length] = prediction;
    s.prims[at + LATENCY] = latencyNanos;
    s.prims[at + TIME] = epochMillis;
    s.prims[at + FLAGS] = (failed ? FAILED : 0) | (none ? NO_INPUTS : 0);
    lane.publish(place);
  }

  /** Requests whose copy threw on the request's thread; each was handed over void and its exception rethrown. */
  long copyFailures() {
    return copyFailures.sum();
  }

  /** Copies the monitored values into the slot; true when the request has no inputs at all. */
  @SuppressWarnings("unchecked")
  private boolean copy(Object input, Slots s, int slot) {
    Map<String, ?> map;
    if (input instanceof Map<?, ?> m) {
      map = (Map<String, ?>) m;
    } else if (input instanceof Request r) {
      map = r.values();
    } else if (input instanceof Row row) {
      int kindsAt = slot * primStride + KINDS;
      for (int c = 0; c < names.length; c++) {
        setKind(s, kindsAt, c, kindOf(s, slot, c, row.table().hasColumn(names[c]) ? row.value(names[c]) : null));
      }
      return false;
    } else {
      return true;
    }
    if (map.isEmpty()) {
      return true;
    }
    copyEntries(map, s, slot);
    return false;
  }

  /**
   * A map's monitored values by one pass over its entries, each key's input found by identity
   * with the last map's keys in the same order (a service's requests usually have the same keys,
   * the same strings, in the same order: no hashing then); any other key by a lookup, after which
   * this map's order is remembered. Inputs the map lacks stay missing.
   */
  private void copyEntries(Map<String, ?> map, Slots s, int slot) {
    int kindsAt = slot * primStride + KINDS;
    for (int w = 0; w < kindWords; w++) {
      s.prims[kindsAt + w] = ALL_MISSING;
    }
    KeyOrder known = order;
    boolean same = true;
    int j = 0;
    for (Map.Entry<String, ?> e : map.entrySet()) {
      Object key = e.getKey();
      int c;
      if (j < known.keys.length && known.keys[j] == key) {
        c = known.columns[j];
      } else {
        same = false;
        Integer found = key instanceof String k ? columnOf.get(k) : null;
        c = found == null ? -1 : found;
      }
      j++;
      if (c >= 0) {
        setKind(s, kindsAt, c, kindOf(s, slot, c, e.getValue()));
      }
    }
    if (!same || j != known.keys.length) {
      remember(map);
    }
  }

  /** Remembers {@code map}'s keys in its order (only when they changed: no allocation per request otherwise). */
  private void remember(Map<String, ?> map) {
    Object[] keys = new Object[map.size()];
    int[] columns = new int[keys.length];
    int j = 0;
    for (String key : map.keySet()) {
      if (j == keys.length) {
        break;   // the map grew meanwhile (the caller's, changed by another thread)
      }
      Integer found = columnOf.get(key);
      keys[j] = key;
      columns[j++] = found == null ? -1 : found;
    }
    order = new KeyOrder(j == keys.length ? keys : java.util.Arrays.copyOf(keys, j), j == keys.length ? columns
        : java.util.Arrays.copyOf(columns, j));
  }

  private static void setKind(Slots s, int kindsAt, int c, long kind) {
    int w = kindsAt + c / KINDS_PER_WORD;
    int shift = (c % KINDS_PER_WORD) * KIND_BITS;
    s.prims[w] = (s.prims[w] & ~(KIND_MASK << shift)) | (kind << shift);
  }

  /** Stores input {@code c}'s value where its kind says and returns the kind. */
  private long kindOf(Slots s, int slot, int c, Object v) {
    int n = numberIndex[c];
    if (v == null) {
      return MISSING;
    }
    if (n >= 0 && v instanceof Number number) {
      s.prims[slot * primStride + KINDS + kindWords + n] = Double.doubleToRawLongBits(number.doubleValue());
      return NUMBER;
    }
    s.refs[slot * refStride + c] = v;
    return OBJECT;
  }

  /** From now on every request is dropped; what the consumer has not taken stays for {@link #dropRemaining}. */
  void close() {
    closed = true;
  }

  /** What flush waits for: each lane's places claimed so far. */
  long[] claimed() {
    return ring.claimed();
  }

  /** Whether the consumer has taken every place in {@code claimed}. */
  boolean reached(long[] claimed) {
    return ring.reached(claimed);
  }

  /**
   * The consumer: hands up to {@code max} waiting requests, lane by lane, to {@code state} through
   * {@code view}; returns how many it took. What {@code state} throws is counted by {@code view}.
   */
  int drain(View view, MonitorState state, int max) {
    int taken = 0;
    for (int i = 0; i < ring.lanes() && taken < max; i++) {
      SlotRing.Lane<Slots> lane = ring.lane(i);
      if (lane == null) {
        continue;
      }
      for (long place = lane.ready(); place >= 0 && taken < max; place = lane.ready()) {
        view.take(lane.payload, lane.slot(place), state);
        lane.release(place);
        taken++;
      }
    }
    return taken;
  }

  /**
   * The consumer, once stopped: counts as dropped what waits (waiting up to {@code millis} for
   * producers in the middle of a copy to finish it), so flush and the counts add up.
   */
  void dropRemaining(View view, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!ring.drained() && System.nanoTime() < deadline) {
      for (int i = 0; i < ring.lanes(); i++) {
        SlotRing.Lane<Slots> lane = ring.lane(i);
        if (lane == null) {
          continue;
        }
        for (long place = lane.ready(); place >= 0; place = lane.ready()) {
          if (!view.clear(lane.payload, lane.slot(place))) {
            dropped.increment();
          }
          lane.release(place);
        }
      }
      Thread.onSpinWait();
    }
  }

  /**
   * The consumer's window on one slot, as {@link MonitorState.Values}; counts the requests taken
   * and those the state failed on. One per monitor, used by its thread only.
   */
  final class View implements MonitorState.Values {
    private Slots s;
    private int slot;
    private int base;
    // Written by the monitor's thread only, before it releases the slot (so a flush that sees the
    // release sees the count); lazySet: no fence per request.
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    void take(Slots slots, int at, MonitorState state) {
      s = slots;
      slot = at;
      base = at * primStride;
      if ((s.prims[base + FLAGS] & VOID) == 0) {
        try {
          state.accept(this);
          processed.lazySet(processed.get() + 1);
        } catch (RuntimeException e) {
          errors.lazySet(errors.get() + 1);   // counted, so that flush does not wait for it
        }
      }
      clear(slots, at);
    }

    /** Empties a slot of its references; true when it was void (already counted). */
    boolean clear(Slots slots, int at) {
      int from = at * refStride;
      for (int c = 0; c < refStride; c++) {
        slots.refs[from + c] = null;
      }
      boolean wasVoid = (slots.prims[at * primStride + FLAGS] & VOID) != 0;
      slots.prims[at * primStride + FLAGS] = 0;
      return wasVoid;
    }

    long processed() {
      return processed.get();
    }

    long errors() {
      return errors.get();
    }

    @Override
    public boolean noInputs() {
      return (s.prims[base + FLAGS] & NO_INPUTS) != 0;
    }

    private long kind(int c) {
      return (s.prims[base + KINDS + c / KINDS_PER_WORD] >>> ((c % KINDS_PER_WORD) * KIND_BITS)) & KIND_MASK;
    }

    @Override
    public Object value(int c) {
      return kind(c) == OBJECT ? s.refs[slot * refStride + c] : null;
    }

    @Override
    public boolean isNumber(int c) {
      return kind(c) == NUMBER;
    }

    @Override
    public double number(int c) {
      return Double.longBitsToDouble(s.prims[base + KINDS + kindWords + numberIndex[c]]);
    }

    @Override
    public Prediction prediction() {
      return (Prediction) s.refs[slot * refStride + names.length];
    }

    @Override
    public boolean failed() {
      return (s.prims[base + FLAGS] & FAILED) != 0;
    }

    @Override
    public long latencyNanos() {
      return s.prims[base + LATENCY];
    }

    @Override
    public long epochMillis() {
      return s.prims[base + TIME];
    }
  }
}
