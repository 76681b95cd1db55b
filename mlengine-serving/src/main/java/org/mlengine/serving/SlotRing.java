package org.mlengine.serving;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The hand-off from request threads to one consumer thread with no allocation and, in the
 * common case, no write to memory another producer writes: {@value #MAX_LANES} lanes, each a
 * bounded ring of preallocated slots whose contents (the payload {@code P}: arrays of primitive
 * and reference slots, one entry per place) the user lays out. A thread produces into the lane of
 * its id ({@code Thread.getId() % lanes}): threads made one after another (a benchmark's, a
 * server's worker pool) each get a lane of their own up to the number of lanes, and threads that
 * share a lane claim places with a compare-and-set on its tail, uncontended when they do not
 * produce at the same moment. A lane is made, its payload with it, when a thread first produces
 * into it, so memory is bounded by the lanes in use times a lane's capacity, whatever the
 * traffic.
 *
 * <p>A producer {@linkplain Lane#claim() claims} a place (or finds its lane full: {@code
 * capacity} places of the lane wait, by the consumer's position read then or, for up to {@value
 * #FULL_SKIPS} claims after that, by that look), fills the payload
 * at {@link Lane#slot(long)} and {@linkplain Lane#publish(long) publishes} it; the consumer
 * takes a lane's places in order with {@link Lane#ready()}, reads and clears the slot, then
 * {@linkplain Lane#release(long) releases} it. Each lane's places are taken in the order they
 * were claimed; lanes are drained in turn. A consumer that finds its lane empty ends the skips
 * of a lane that was full, so that the skips never outlast the overload that caused them.
 *
 * @param <P> a lane's payload: the slots' storage, made for a given number of slots
 */
final class SlotRing<P> {
  /** The lanes a ring has: enough for the threads of a small machine to produce each into its own. */
  static final int MAX_LANES = 4;
  /** How many claims on a full lane fail before the next look at the consumer's head (see {@link Lane#claim()}). */
  static final int FULL_SKIPS = 16;

  private final AtomicReferenceArray<Lane<P>> lanes;
  private final int laneMask;
  private final int laneCapacity;
  private final IntFunction<P> payload;

  /** A ring whose lanes each hold up to {@code capacity} places. */
  SlotRing(int capacity, IntFunction<P> payload) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the ring's capacity is " + capacity + "; expected at least 1");
    }
    this.lanes = new AtomicReferenceArray<>(MAX_LANES);
    this.laneMask = MAX_LANES - 1;
    this.laneCapacity = capacity;
    this.payload = payload;
  }

  /** The calling thread's lane, made if it is the first to produce into it. */
  @SuppressWarnings("deprecation")   // Thread.threadId() is Java 19's; getId() is the same number
  Lane<P> lane() {
    int i = (int) Thread.currentThread().getId() & laneMask;
    Lane<P> lane = lanes.get(i);
    return lane != null ? lane : make(i);
  }

  private synchronized Lane<P> make(int i) {
    Lane<P> lane = lanes.get(i);
    if (lane == null) {
      lane = new Lane<>(laneCapacity, payload);
      lanes.set(i, lane);
    }
    return lane;
  }

  /** How many lanes the ring has (some perhaps not made yet): {@value #MAX_LANES}. */
  int lanes() {
    return lanes.length();
  }

  /** Lane {@code i}, or null when no thread has produced into it yet. */
  Lane<P> lane(int i) {
    return lanes.get(i);
  }

  /** How many places a lane holds. */
  int laneCapacity() {
    return laneCapacity;
  }

  /** Each lane's places claimed so far: {@link #reached} says when the consumer has taken them all. */
  long[] claimed() {
    long[] out = new long[lanes.length()];
    for (int i = 0; i < out.length; i++) {
      Lane<P> lane = lanes.get(i);
      out[i] = lane == null ? 0 : lane.claimedSoFar();
    }
    return out;
  }

  /** Whether every place in {@code claimed} has been released (taken by the consumer). */
  boolean reached(long[] claimed) {
    for (int i = 0; i < claimed.length; i++) {
      Lane<P> lane = lanes.get(i);
      if (claimed[i] > 0 && (lane == null || lane.releasedSoFar() < claimed[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether no lane has a claimed place that was not released. */
  boolean drained() {
    for (int i = 0; i < lanes.length(); i++) {
      Lane<P> lane = lanes.get(i);
      if (lane != null && lane.releasedSoFar() < lane.claimedSoFar()) {
        return false;
      }
    }
    return true;
  }

  /** Padding before a lane's tail: the tail's cache line is its producers' alone. */
  @SuppressWarnings("unused")
  abstract static class PadBeforeTail {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  /** The producers' side: the next place to claim, and their last look at the head. */
  abstract static class TailField extends PadBeforeTail {
    volatile long tail;
    /**
     * A hint that only lags the head, which is on the safe side: the head is read from the
     * consumer's line only when the lane looks full. Read with acquire and written with release
     * ({@code HEAD_SEEN}): a producer that reuses a slot on another producer's look at the head
     * then sees the consumer's emptying of that slot, as the one who looked did.
     */
    long headSeen;
    /** While the lane is full: how many more claims fail without reading the head again (a hint, racy among a lane's producers). */
    int fullSkips;
  }

  /** Padding between the producers' and the consumer's fields. */
  @SuppressWarnings("unused")
  abstract static class PadBeforeHead extends TailField {
    long p10, p11, p12, p13, p14, p15, p16, p17;
  }

  /** The consumer's side: the next place to take, published after its slot is emptied. */
  abstract static class HeadField extends PadBeforeHead {
    volatile long head;
    /**
     * Set by a producer that found the lane looking full by {@code headSeen}, before it reads the
     * head from this line (and perhaps starts its skips); the consumer, once it finds the lane
     * with room, clears it and raises the producers' {@code headSeen} to the head, which ends the skips.
     */
    volatile boolean wasFull;
  }

  /** Padding after the consumer's field. */
  @SuppressWarnings("unused")
  abstract static class PadAfterHead extends HeadField {
    long p20, p21, p22, p23, p24, p25, p26, p27;
  }

  /**
   * One lane: a ring of {@code 2^k} slots of which at most {@code capacity} are in use; {@code
   * published[s]} holds the place whose contents slot {@code s} last received, plus one.
   *
   * @param <P> the payload
   */
  static final class Lane<P> extends PadAfterHead {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle HEAD_SEEN;
    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        TAIL = lookup.findVarHandle(TailField.class, "tail", long.class);
        HEAD = lookup.findVarHandle(HeadField.class, "head", long.class);
        HEAD_SEEN = lookup.findVarHandle(TailField.class, "headSeen", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final P payload;
    private final int capacity;
    private final int mask;
    private final long[] published;

    Lane(int capacity, IntFunction<P> payload) {
      this.capacity = capacity;
      int size = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
      this.mask = size - 1;
      this.published = new long[size];
      this.payload = payload.apply(size);
    }

    /** The slot of place {@code place}: the index into the payload's arrays. */
    int slot(long place) {
      return (int) place & mask;
    }

    /**
     * Claims the next place, or returns -1 when the lane is full. Any thread. Once the lane was
     * found full, the next {@value SlotRing#FULL_SKIPS} claims fail without reading the consumer's
     * head again, even if the consumer has made room meanwhile: under overload, when most requests
     * are dropped, a dropped one then costs no read of a line the consumer writes (reading it on
     * every drop made the log's writer keep up with a third fewer records and the p99 of a request
     * 1.1-2.4x at saturation: RESULTS.md); room the consumer makes is seen a few requests later,
     * and at once after the consumer has found the lane empty ({@link #ready()} ends the skips):
     * skips left over from a burst never drop a request that comes when the lane has room.
     */
    long claim() {
      if (fullSkips > 0 && tail - headSeen >= capacity) {
        fullSkips--;
        return -1;
      }
      return claimPatiently();
    }

    /** {@link #claim()} that always looks at the consumer's head when the lane looks full: for a producer that waits for room. */
    long claimPatiently() {
      while (true) {
        long t = tail;
        long seen = (long) HEAD_SEEN.getAcquire(this);
        if (t - seen >= capacity) {
          // wasFull before the head, both volatile (a store then a load in the synchronization
          // order), and ready() fences between its release of the head and its read of wasFull:
          // either this read of the head sees the consumer's room (no skips start), or the
          // consumer's next ready() on an empty lane sees wasFull and ends the skips. Set after
          // the read, a consumer that emptied the lane in between would miss it, and up to
          // FULL_SKIPS claims would fail on an empty lane until its next look.
          if (!wasFull) {
            wasFull = true;   // also when the head shows room: once a look at the head, about once a capacity of claims
          }
          long h = head;
          if (h != seen) {   // written only when the head moved: a full lane's drops write nothing shared
            raiseHeadSeen(h);
          }
          if (t - h >= capacity) {
            fullSkips = FULL_SKIPS;
            return -1;
          }
        }
        if (TAIL.compareAndSet(this, t, t + 1)) {
          return t;
        }
      }
    }

    /** Makes the place's slot, filled by its claimer, visible to the consumer. */
    void publish(long place) {
      PUBLISHED.setRelease(published, slot(place), place + 1);
    }

    /** Whether the place's slot has been published (its contents then visible). The consumer only. */
    boolean published(long place) {
      return (long) PUBLISHED.getAcquire(published, slot(place)) == place + 1;
    }

    /**
     * The consumer's next place if its slot has been published, else -1; when none is and the
     * lane has room (the next place may be claimed and not yet published while the lane is still
     * full: then not yet), ends the skips of producers that found the lane full. The consumer only.
     */
    long ready() {
      long h = (long) HEAD.getOpaque(this);
      if ((long) PUBLISHED.getAcquire(published, slot(h)) == h + 1) {
        return h;
      }
      VarHandle.fullFence();   // the head released before wasFull is read: see claimPatiently()
      if (wasFull && tail - h < capacity) {   // the consumer's own line, then (rarely) the producers': room now
        wasFull = false;
        raiseHeadSeen(h);   // the skips need the lane to look full by headSeen: they end here
      }
      return -1;
    }

    /**
     * Moves {@code headSeen} up to {@code h}, never down (a producer's older look must not undo
     * the consumer's newer one): the lane then looks full only if it is full at {@code h}.
     */
    private void raiseHeadSeen(long h) {
      long seen;
      do {
        seen = (long) HEAD_SEEN.getAcquire(this);
      } while (seen < h && !HEAD_SEEN.weakCompareAndSetRelease(this, seen, h));
    }

    /** Gives the place's slot back to the producers, once the consumer has read and cleared it. The consumer only. */
    void release(long place) {
      HEAD.setRelease(this, place + 1);
    }

    long claimedSoFar() {
      return tail;
    }

    long releasedSoFar() {
      return head;
    }
  }
}
