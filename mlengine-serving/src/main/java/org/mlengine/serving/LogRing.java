package org.mlengine.serving;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue of many producers and one consumer on a ring of preallocated slots: a
 * producer claims a sequence number by compare-and-set when the ring has room and stores into
 * its slot; the consumer takes the slot at its own sequence once it is filled, empties it, then
 * moves on. No allocation and no lock per element (a linked queue allocates a node for each).
 *
 * @param <T> the elements
 */
final class LogRing<T> {
  private final AtomicReferenceArray<T> slots;
  private final int mask;
  private final int capacity;
  private final AtomicLong tail = new AtomicLong();
  private final AtomicLong head = new AtomicLong();

  /** A ring holding up to {@code capacity} elements (its slots rounded up to a power of two). */
  LogRing(int capacity) {
    this.capacity = capacity;
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  /** Adds {@code element}, or returns false when {@code capacity} elements wait. Any thread. */
  boolean offer(T element) {
    long t;
    do {
      t = tail.get();
      if (t - head.get() >= capacity) {
        return false;
      }
    } while (!tail.compareAndSet(t, t + 1));
    slots.set((int) t & mask, element);
    return true;
  }

  /** The oldest element, or null when none is ready (empty, or its producer has not stored it yet). One consumer only. */
  T poll() {
    long h = head.get();
    int i = (int) h & mask;
    T element = slots.get(i);
    if (element == null) {
      return null;
    }
    slots.lazySet(i, null);
    head.lazySet(h + 1);   // after the slot is emptied: a producer that sees the room finds the slot free
    return element;
  }

  /** Whether every claimed place has been taken by the consumer (none waits, none is being stored). */
  boolean drained() {
    return tail.get() == head.get();
  }
}
