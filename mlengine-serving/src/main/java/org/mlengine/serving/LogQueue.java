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
  private static final byte SHADOW = 1;
  /** Claimed after the log closed, or its inputs' copy threw: counted by its producer (dropped, lost), skipped by the writer. */
  private static final byte VOID = 2;
  /** The inputs are in the slot's arrays (a map's copy). */
  private static final byte COPIED = 4;
  private static final Object NUMBER = new Object();

  /** A lane's slots. */
  static final class Slots {
    final String[] requestId;
    final String[] key;
    final String[] model;
    final Prediction[] prediction;
    final RuntimeException[] failure;
    final Object[] input;
    final String[][] names;
    final Object[][] values;   // NUMBER where the number is in numbers
    final double[][] numbers;
    final int[] count;
    final long[] latency;
    final long[] time;
    final byte[] flags;

    Slots(int size) {
      requestId = new String[size];
      key = new String[size];
      model = new String[size];
      prediction = new Prediction[size];
      failure = new RuntimeException[size];
      input = new Object[size];
      names = new String[size][];
      values = new Object[size][];
      numbers = new double[size][];
      count = new int[size];
      latency = new long[size];
      time = new long[size];
      flags = new byte[size];
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
      s.flags[slot] = VOID;
      lane.publish(place);
      return Offer.CLOSED;
    }
    try {
      fill(s, slot, requestId, key, model, shadow, input, prediction, failure, latencyNanos, epochMillis);
    } catch (Throwable e) {
      empty(s, slot, s.values[slot] == null ? 0 : s.values[slot].length);   // how far the copy got is not known
      s.flags[slot] = VOID;
      lane.publish(place);
      throw e;
    }
    lane.publish(place);
    return Offer.QUEUED;
  }

  private static void fill(Slots s, int slot, String requestId, String key, String model, boolean shadow, Object input,
      Prediction prediction, RuntimeException failure, long latencyNanos, long epochMillis) {
    s.requestId[slot] = requestId;
    s.key[slot] = key;
    s.model[slot] = model;
    s.prediction[slot] = prediction;
    s.failure[slot] = failure;
    s.latency[slot] = latencyNanos;
    s.time[slot] = epochMillis;
    byte flags = shadow ? SHADOW : 0;
    if (input instanceof Map<?, ?> map) {
      copy(map, s, slot);
      flags |= COPIED;
    } else {
      s.input[slot] = input;
    }
    s.flags[slot] = flags;
  }

  /** What became of an offer. */
  enum Offer {
    QUEUED,
    FULL,
    CLOSED
  }

  private static void copy(Map<?, ?> map, Slots s, int slot) {
    int n = map.size();
    String[] names = s.names[slot];
    if (names == null || names.length < n) {
      names = s.names[slot] = new String[n];
      s.values[slot] = new Object[n];
      s.numbers[slot] = new double[n];
    }
    Object[] values = s.values[slot];
    double[] numbers = s.numbers[slot];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (i == n) {
        break;   // the map grew while being copied (the caller's, changed by another thread): the first n
      }
      Object k = e.getKey();
      String name = k == null ? null : k.toString();
      if (names[i] != name) {
        names[i] = name;
      }
      Object v = e.getValue();
      if (v instanceof Double d) {
        numbers[i] = d;
        values[i] = NUMBER;
      } else {
        values[i] = v;
      }
      i++;
    }
    s.count[slot] = i;
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
        if (!lane.published(place) || (lane.payload.flags[lane.slot(place)] & VOID) == 0) {
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
    byte flags = s.flags[slot];
    s.flags[slot] = 0;
    if ((flags & VOID) != 0) {
      return false;
    }
    boolean copied = (flags & COPIED) != 0;
    into.served = new Served(s.requestId[slot], s.key[slot], s.model[slot], (flags & SHADOW) != 0,
        copied ? Map.of() : s.input[slot], s.prediction[slot], s.failure[slot], s.latency[slot], s.time[slot]);
    if (copied) {
      int n = s.count[slot];
      into.room(n);
      Object[] values = s.values[slot];
      for (int i = 0; i < n; i++) {
        into.names[i] = s.names[slot][i];
        into.values[i] = values[i] == NUMBER ? Double.valueOf(s.numbers[slot][i]) : values[i];
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
    empty(s, slot, copied ? s.count[slot] : 0);
    return true;
  }

  /**
   * Lets go of the slot's references, its first {@code values} copied values among them (the
   * copied names stay: the next request's keys are likely the same strings).
   */
  private static void empty(Slots s, int slot, int values) {
    s.requestId[slot] = null;
    s.key[slot] = null;
    s.model[slot] = null;
    s.prediction[slot] = null;
    s.failure[slot] = null;
    s.input[slot] = null;
    for (int i = 0; i < values; i++) {
      s.values[slot][i] = null;
    }
  }

}
