package org.mlengine.serving;

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
  private static final byte NUMBER = 0;
  private static final byte MISSING = 1;
  private static final byte OBJECT = 2;
  private static final byte FAILED = 1;
  private static final byte NO_INPUTS = 2;
  /** The slot's time is epoch milliseconds (from a Served); else it is a System.nanoTime() reading. */
  private static final byte EPOCH = 4;
  /** Claimed after the monitor closed: counted dropped by its producer, skipped by the consumer. */
  private static final byte VOID = 8;

  /** A lane's slots: per place, {@code inputs} kinds and objects, {@code numbers} doubles, the answer, latency, time, flags. */
  static final class Slots {
    final byte[] kinds;
    final Object[] objects;
    final double[] numbers;
    final Prediction[] predictions;
    final long[] latency;
    final long[] time;
    final byte[] flags;

    Slots(int size, int inputs, int numbers) {
      kinds = new byte[size * inputs];
      objects = new Object[size * inputs];
      this.numbers = new double[size * numbers];
      predictions = new Prediction[size];
      latency = new long[size];
      time = new long[size];
      flags = new byte[size];
    }
  }

  private final String[] names;
  private final int[] numberIndex;   // a NUMERIC input's index among the numbers, -1 for the others
  private final int numbers;
  private final SlotRing<Slots> ring;
  private final LongAdder dropped;
  private volatile boolean closed;

  /**
   * A queue of {@code capacity} requests for the inputs {@code names} ({@code numeric[c]}: input
   * {@code c} is a NUMERIC column); {@code dropped} counts what it refuses.
   */
  MonitorQueue(String[] names, boolean[] numeric, int capacity, LongAdder dropped) {
    this.names = names.clone();
    this.numberIndex = new int[names.length];
    int n = 0;
    for (int c = 0; c < names.length; c++) {
      numberIndex[c] = numeric[c] ? n++ : -1;
    }
    this.numbers = n;
    this.dropped = dropped;
    int inputs = names.length;
    int count = n;
    this.ring = new SlotRing<>(capacity, size -> new Slots(size, inputs, count));
  }

  /**
   * Copies one request into a slot, or counts it dropped when its lane is full or the monitor
   * closed. {@code input} is a map, a {@link Request}, a {@link Row}, or null for no inputs;
   * {@code time} is epoch milliseconds when {@code epoch}, else a {@code System.nanoTime()}.
   */
  void offer(Object input, Prediction prediction, boolean failed, long latencyNanos, long time, boolean epoch) {
    SlotRing.Lane<Slots> lane = ring.lane();
    long place = lane.claim();
    if (place < 0) {
      dropped.increment();
      return;
    }
    Slots s = lane.payload;
    int slot = lane.slot(place);
    if (closed) {   // read after the claim's fence: a consumer that has stopped no longer waits for this place
      s.flags[slot] = VOID;
      lane.publish(place);
      dropped.increment();
      return;
    }
    boolean none = copy(input, s, slot);
    s.predictions[slot] = prediction;
    s.latency[slot] = latencyNanos;
    s.time[slot] = time;
    s.flags[slot] = (byte) ((failed ? FAILED : 0) | (none ? NO_INPUTS : 0) | (epoch ? EPOCH : 0));
    lane.publish(place);
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
      for (int c = 0; c < names.length; c++) {
        put(s, slot, c, row.table().hasColumn(names[c]) ? row.value(names[c]) : null);
      }
      return false;
    } else {
      return true;
    }
    if (map.isEmpty()) {
      return true;
    }
    for (int c = 0; c < names.length; c++) {
      put(s, slot, c, map.get(names[c]));
    }
    return false;
  }

  private void put(Slots s, int slot, int c, Object v) {
    int at = slot * names.length + c;
    int n = numberIndex[c];
    if (v == null) {
      s.kinds[at] = MISSING;
    } else if (n >= 0 && v instanceof Number number) {
      s.kinds[at] = NUMBER;
      s.numbers[slot * numbers + n] = number.doubleValue();
    } else {
      s.kinds[at] = OBJECT;
      s.objects[at] = v;
    }
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
    view.anchorClock();
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
    private long nanosToEpoch;
    private long anchoredAt = Long.MIN_VALUE;
    // Written by the monitor's thread only, before it releases the slot (so a flush that sees the
    // release sees the count); lazySet: no fence per request.
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    void take(Slots slots, int at, MonitorState state) {
      s = slots;
      slot = at;
      base = at * names.length;
      if ((s.flags[at] & VOID) == 0) {
        try {
          state.accept(this);
          processed.lazySet(processed.get() + 1);
        } catch (RuntimeException e) {
          errors.lazySet(errors.get() + 1);   // counted, so that flush does not wait for it
        }
      }
      clear(slots, at);
    }

    /** Re-anchors the nanoTime scale to the wall clock, at most once a second (a drain calls it). */
    void anchorClock() {
      long now = System.nanoTime();
      if (anchoredAt == Long.MIN_VALUE || now - anchoredAt > 1_000_000_000L) {
        nanosToEpoch = System.currentTimeMillis() * 1_000_000L - now;
        anchoredAt = now;
      }
    }

    /** Empties a slot of its references; true when it was void (already counted). */
    boolean clear(Slots slots, int at) {
      int from = at * names.length;
      for (int c = 0; c < names.length; c++) {
        slots.objects[from + c] = null;
      }
      slots.predictions[at] = null;
      boolean wasVoid = (slots.flags[at] & VOID) != 0;
      slots.flags[at] = 0;
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
      return (s.flags[slot] & NO_INPUTS) != 0;
    }

    @Override
    public Object value(int c) {
      return s.objects[base + c];   // null for MISSING
    }

    @Override
    public boolean isNumber(int c) {
      return s.kinds[base + c] == NUMBER;
    }

    @Override
    public double number(int c) {
      return s.numbers[slot * numbers + numberIndex[c]];
    }

    @Override
    public Prediction prediction() {
      return s.predictions[slot];
    }

    @Override
    public boolean failed() {
      return (s.flags[slot] & FAILED) != 0;
    }

    @Override
    public long latencyNanos() {
      return s.latency[slot];
    }

    /** The slot's time in epoch milliseconds: a nanoTime reading on the scale {@link #anchorClock} ties to the wall clock. */
    @Override
    public long epochMillis() {
      long t = s.time[slot];
      return (s.flags[slot] & EPOCH) != 0 ? t : Math.floorDiv(t + nanosToEpoch, 1_000_000L);
    }
  }
}
