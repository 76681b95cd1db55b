package org.mlengine.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bandit requests still waiting for their reward: request id → arm, at most {@code capacity}
 * of them. A ring of the ids in the order they were served forgets the oldest when a new one
 * comes in, so an application that never rewards some requests does not grow the map.
 */
final class PendingRewards {
  private final int capacity;
  private final ConcurrentHashMap<String, Integer> arms;
  private final AtomicReferenceArray<String> ring;
  private final AtomicLong next = new AtomicLong();

  PendingRewards(int capacity) {
    this.capacity = capacity;
    this.arms = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  int capacity() {
    return capacity;
  }

  /** Remembers that {@code arm} answered {@code requestId}, forgetting the oldest id when full. */
  void put(String requestId, int arm) {
    arms.put(requestId, arm);
    String oldest = ring.getAndSet((int) (next.getAndIncrement() % capacity), requestId);
    if (oldest != null && !oldest.equals(requestId)) {
      arms.remove(oldest);
    }
  }

  /** The arm that answered {@code requestId}, forgotten from now on; -1 when unknown or already taken. */
  int take(String requestId) {
    Integer arm = arms.remove(requestId);
    return arm == null ? -1 : arm;
  }

  int size() {
    return arms.size();
  }
}
