package org.mlengine.serving;

import java.util.Map;

/**
 * A {@link PredictionLog}'s hand-off from the request threads to its writer, on a {@link
 * SlotRing}: a slot holds the request's facts (ids, model, answer, failure, latency, time) and its
 * inputs, a map's entries copied into the slot's own arrays (a {@code Double} unboxed into a
 * {@code double} slot, any other value by reference; a key already in the slot from an earlier
 * request is not written again), a {@link Request} or a {@link org.mlengine.runtime.Row} kept as it
 * is (both immutable). The request's thread allocates nothing once each slot has held a request
 * of that many inputs. The writer takes a slot into a {@link Taken} and empties it.
 */
final class LogQueue {
  private static final int SHADOW = 1;
  /** Claimed after the log closed, or its inputs' copy threw: counted by its producer (dropped, lost), skipped by the writer. */
  private static final int VOID = 2;
  /** The inputs are in the slot's arrays (a map's copy). */
  private static final int COPIED = 4;
  /** The flags' bits in a slot's flags word; the copied inputs' count is above them. */
  private static final int FLAG_BITS = 8;
  private static final Object NUMBER = new Object();

  /** Where a slot's facts sit in its {@code refs}; each copied input's name and value follow, in pairs. */
  private static final int REQUEST_ID = 0;
  private static final int KEY = 1;
  private static final int MODEL = 2;
  private static final int PREDICTION = 3;
  private static final int FAILURE = 4;
  private static final int INPUT = 5;
  private static final int REFS = 6;
  /** Where a slot's facts sit in its {@code prims}; each copied number's bits follow. */
  private static final int LATENCY = 0;
  private static final int TIME = 1;
  private static final int FLAGS = 2;
  private static final int PRIMS = 3;

  /**
   * A lane's slots, each one array of references and one of numbers (made by the first request
   * that fills it, and again only for a request with more inputs), so that a request touches a
   * few adjacent cache lines, not one per field: {@code refs[slot]} holds the request id, key,
   * model, answer, failure and uncopied input, then each copied input's name and value ({@code
   * NUMBER} where the number is in {@code prims}); {@code prims[slot]} the latency, the time, the
   * flags and count, then each copied number's bits.
   */
  static final class Slots {
    final Object[][] refs;
    final long[][] prims;

    Slots(int size) {
      refs = new Object[size][];
      prims = new long[size][];
    }

    /** The slot's arrays, made (or made larger) for {@code inputs} copied inputs. */
    void room(int slot, int inputs) {
      if (refs[slot] == null || refs[slot].length < REFS + 2 * inputs) {
        refs[slot] = new Object[REFS + 2 * inputs];
      }
      if (prims[slot] == null || prims[slot].length < PRIMS + inputs) {
        prims[slot] = new long[PRIMS + inputs];
      }
    }
  }

  /** One record as the writer takes it: the facts as a {@link Served}, the inputs as {@code names[i] = values[i]}, i &lt; {@code count}. */
  static final class Taken {
    Served served;
    String[] names = new String[16];
    Object[] values = new Object[16];
    int count;

    void room(int n) {
      if (names.length < n) {
        names = new String[n];
        values = new Object[n];
      }
    }
  }

  private final SlotRing<Slots> ring;
  private volatile boolean closed;

  LogQueue(int capacity) {
    this.ring = new SlotRing<>(capacity, Slots::new);
  }

  /**
   * Claims a slot in the calling thread's lane and fills it. {@code input} is the caller's map
   * (copied), a {@link Request} or a Row (kept), or null; {@code epochMillis} is the request's
   * time; {@code waiting}: the caller waits for
   * room (blocks when full), so a full lane is looked at again each time. When copying the map throws (a
   * {@code HashMap} another thread changes meanwhile, a key whose {@code toString} throws), the
   * slot is emptied, handed over void (the writer skips it, so the lane goes on) and the exception
   * rethrown: the caller counts it.
   */
  Offer offer(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
      RuntimeException failure, long latencyNanos, long epochMillis, boolean waiting) {
    SlotRing.Lane<Slots> lane = ring.lane();
    long place = waiting ? lane.claimPatiently() : lane.claim();
    if (place < 0) {
      return Offer.FULL;
    }
    Slots s = lane.payload;
    int slot = lane.slot(place);
    if (closed) {   // read after the claim's fence: a writer that has stopped no longer waits for this place
      s.room(slot, 0);
      s.prims[slot][FLAGS] = VOID;
      lane.publish(place);
      return Offer.CLOSED;
    }
    try {
      fill(s, slot, requestId, key, model, shadow, input, prediction, failure, latencyNanos, epochMillis);
    } catch (Throwable e) {
      s.room(slot, 0);
      empty(s.refs[slot], (s.refs[slot].length - REFS) / 2);   // how far the copy got is not known
      s.prims[slot][FLAGS] = VOID;
      lane.publish(place);
      throw e;
    }
    lane.publish(place);
    return Offer.QUEUED;
  }

  private static void fill(Slots s, int slot, String requestId, String key, String model, boolean shadow, Object input,
      Prediction prediction, RuntimeException failure, long latencyNanos, long epochMillis) {
    Map<?, ?> map = input instanceof Map<?, ?> m ? m : null;
    int n = map == null ? 0 : map.size();
    s.room(slot, n);
    Object[] refs = s.refs[slot];
    long[] prims = s.prims[slot];
    refs[REQUEST_ID] = requestId;
    refs[KEY] = key;
    refs[MODEL] = model;
    refs[PREDICTION] = prediction;
    refs[FAILURE] = failure;
    prims[LATENCY] = latencyNanos;
    prims[TIME] = epochMillis;
    long flags = shadow ? SHADOW : 0;
    if (map != null) {
      flags |= COPIED | (long) copy(map, n, refs, prims) << FLAG_BITS;
    } else {
      refs[INPUT] = input;
    }
    prims[FLAGS] = flags;
  }

  /** What became of an offer. */
  enum Offer {
    QUEUED,
    FULL,
    CLOSED
  }

  /** Copies the map's first {@code n} entries into the slot's arrays, which have room for them; returns how many it copied. */
  private static int copy(Map<?, ?> map, int n, Object[] refs, long[] prims) {
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (i == n) {
        break;   // the map grew while being copied (the caller's, changed by another thread): the first n
      }
      Object k = e.getKey();
      String name = k == null ? null : k.toString();
      int at = REFS + 2 * i;
      if (refs[at] != name) {
        refs[at] = name;   // the same string as the last request's, most often: its line stays clean
      }
      Object v = e.getValue();
      if (v instanceof Double d) {
        prims[PRIMS + i] = Double.doubleToRawLongBits(d);
        refs[at + 1] = NUMBER;
      } else {
        refs[at + 1] = v;
      }
      i++;
    }
    return i;
  }

  /** From now on every offer is refused as closed. */
  void close() {
    closed = true;
  }

  /** Whether every claimed slot has been taken by the writer. */
  boolean drained() {
    return ring.drained();
  }

  /**
   * The writer, giving up on places never handed over (at close): how many places were claimed
   * and not taken, less those handed over void, which their producers counted.
   */
  long stranded() {
    long n = 0;
    for (int i = 0; i < ring.lanes(); i++) {
      SlotRing.Lane<Slots> lane = ring.lane(i);
      if (lane == null) {
        continue;
      }
      for (long place = lane.releasedSoFar(), end = lane.claimedSoFar(); place < end; place++) {
        if (!lane.published(place) || (lane.payload.prims[lane.slot(place)][FLAGS] & VOID) == 0) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * The writer: the next record into {@code into} (its slot emptied and given back), or false
   * when none is ready; records claimed after close are skipped.
   */
  boolean poll(Taken into) {
    for (int i = 0; i < ring.lanes(); i++) {
      SlotRing.Lane<Slots> lane = ring.lane(i);
      if (lane == null) {
        continue;
      }
      for (long place = lane.ready(); place >= 0; place = lane.ready()) {
        int slot = lane.slot(place);
        boolean taken = take(lane.payload, slot, into);
        lane.release(place);
        if (taken) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean take(Slots s, int slot, Taken into) {
    Object[] refs = s.refs[slot];
    long[] prims = s.prims[slot];
    long flags = prims[FLAGS];
    prims[FLAGS] = 0;
    if ((flags & VOID) != 0) {
      return false;
    }
    boolean copied = (flags & COPIED) != 0;
    int n = copied ? (int) (flags >>> FLAG_BITS) : 0;
    into.served = new Served((String) refs[REQUEST_ID], (String) refs[KEY], (String) refs[MODEL], (flags & SHADOW) != 0,
        copied ? Map.of() : refs[INPUT], (Prediction) refs[PREDICTION], (RuntimeException) refs[FAILURE],
        prims[LATENCY], prims[TIME]);
    if (copied) {
      into.room(n);
      for (int i = 0; i < n; i++) {
        Object v = refs[REFS + 2 * i + 1];
        into.names[i] = (String) refs[REFS + 2 * i];
        into.values[i] = v == NUMBER ? Double.valueOf(Double.longBitsToDouble(prims[PRIMS + i])) : v;
      }
      into.count = n;
    } else {
      Map<String, ?> inputs = into.served.inputs();   // a Request's or Row's own values, read here
      into.room(inputs.size());
      int i = 0;
      for (Map.Entry<String, ?> e : inputs.entrySet()) {
        into.names[i] = e.getKey();
        into.values[i++] = e.getValue();
      }
      into.count = i;
    }
    empty(refs, n);
    return true;
  }

  /**
   * Lets go of the slot's references, its first {@code values} copied values among them (the
   * copied names stay: the next request's keys are likely the same strings).
   */
  private static void empty(Object[] refs, int values) {
    for (int i = REQUEST_ID; i < REFS; i++) {
      refs[i] = null;
    }
    for (int i = 0; i < values; i++) {
      refs[REFS + 2 * i + 1] = null;
    }
  }

}
