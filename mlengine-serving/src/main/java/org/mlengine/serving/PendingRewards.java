package org.mlengine.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bandit requests still waiting for their reward: request id → arm, the last
 * {@code capacity} of them. An id the deployment made (its prefix and a sequence number) goes
 * into a ring indexed by the number, one atomic write on the request thread and one
 * compare-and-set on the reward; a caller's own id goes into a map, with a ring of those ids
 * that forgets the oldest when a new one comes in. Either way an application that never
 * rewards some requests does not grow the memory held.
 */
final class PendingRewards {
  /** A slot holds {@code sequence << ARM_BITS | (arm + 1)}; 0 when empty or taken. */
  static final int ARM_BITS = 16;

  private final String prefix;
  private final int mask;
  private final AtomicLongArray made;
  private final ConcurrentHashMap<String, Integer> given;
  private final AtomicReferenceArray<String> givenOrder;
  private final AtomicLong nextGiven = new AtomicLong();

  /** Pending rewards for ids {@code prefix + sequence} and for callers' ids, {@code capacity} (a power of two) of each. */
  PendingRewards(String prefix, int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
    }
    this.prefix = prefix;
    this.mask = capacity - 1;
    this.made = new AtomicLongArray(capacity);
    this.given = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    this.givenOrder = new AtomicReferenceArray<>(capacity);
  }

  /**
   * Remembers that {@code arm} answered the request the deployment numbered {@code sequence} (≥ 1).
   * A release store, not a volatile one (no fence on the request thread): the reward that reads it
   * comes later, from the caller who got the prediction.
   */
  void putMade(long sequence, int arm) {
    made.lazySet((int) (sequence & mask), sequence << ARM_BITS | (arm + 1));
  }

  /** Remembers that {@code arm} answered the caller's {@code requestId}, forgetting its oldest such id when full. */
  void putGiven(String requestId, int arm) {
    if (given.putIfAbsent(requestId, arm) != null) {
      return;   // an id served again before its reward keeps its first arm (Deployment.reward says so)
    }
    String oldest = givenOrder.getAndSet((int) (nextGiven.getAndIncrement() & mask), requestId);
    if (oldest != null && !oldest.equals(requestId)) {
      given.remove(oldest);
    }
  }

  /** The arm that answered {@code requestId}, forgotten from now on; -1 when unknown or already taken. */
  int take(String requestId) {
    long sequence = sequence(requestId);
    if (sequence > 0) {
      int slot = (int) (sequence & mask);
      long held = made.get(slot);
      if (held >>> ARM_BITS == sequence && made.compareAndSet(slot, held, 0)) {
        return (int) (held & ((1 << ARM_BITS) - 1)) - 1;
      }
    }
    Integer arm = given.remove(requestId);
    return arm == null ? -1 : arm;
  }

  /** The sequence number of an id this deployment made; -1 for any other id. */
  private long sequence(String requestId) {
    int digits = requestId.length() - prefix.length();
    if (digits < 1 || digits > 18 || !requestId.startsWith(prefix)) {
      return -1;
    }
    long n = 0;
    for (int i = prefix.length(); i < requestId.length(); i++) {
      char c = requestId.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** How many callers' ids wait for a reward (the deployment's own ids are not counted). */
  int givenSize() {
    return given.size();
  }
}
